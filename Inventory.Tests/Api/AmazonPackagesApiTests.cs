using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inventory.Domain.Accounts;
using Inventory.Tests.TestSupport;
using PdfSharp.Pdf.IO;

namespace Inventory.Tests.Api;

/// <summary>
/// Issue 26, rows 6 and 9, against the stand-in Selling Partner API: an order Amazon packs into several
/// boxes keeps every box's label, tracking number and ship method (printed all at once or each alone, and
/// each its own container in the shipment confirmation), and an order Amazon wants its packing slip in has
/// it fetched (a restricted operation) and offered beside the label.
/// </summary>
public sealed class AmazonPackagesApiTests(AmazonAppFactory app) : AmazonApiTests(app)
{
    private const string Stock = "SKU,Warehouse,Quantity\nWIDGET-1,LAX1,20\nGADGET-1,LAX1,20\n";

    /// <summary>The purchase order synced, accepted, confirmed by Amazon and labelled: in Awaiting.</summary>
    private async Task<JsonElement> LabelledAsync(int id, string number)
    {
        await PostAsync($"/api/instances/{id}/sync");
        await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { number } });
        await Poll.UntilAsync(() => OrderAsync(id, "accepted", number),
            o => MarketplaceStatus(o) == "confirmed");
        var labelled = await PostAsync($"/api/instances/{id}/orders/label", new { orderNumbers = new[] { number } });
        Assert.Equal(1, labelled.GetProperty("moved").GetInt32());
        return await OrderAsync(id, "awaiting", number);
    }

    private static List<(string? Tracking, string? ShipMethod, string? Format)> Labels(JsonElement order) =>
        order.GetProperty("labels").EnumerateArray()
            .Select(l => (l.GetProperty("trackingNumber").GetString(), l.GetProperty("shipMethod").GetString(), l.GetProperty("format").GetString()))
            .ToList();

    private static string? PackingSlipLink(JsonElement order) =>
        order.GetProperty("packingSlip") is { ValueKind: JsonValueKind.String } link ? link.GetString() : null;

    [Fact]
    public async Task AThreePackageLabel_KeepsThreeTrackingNumbersAndShipMethods_AndPrintsAllInOnePdf_OrEachAlone()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.PackagesPerLabel = 3;
        Amazon.AddOrder("POBOXES1", "LAX1", ("WIDGET-1", 5), ("GADGET-1", 1));

        var order = await LabelledAsync(id, "POBOXES1");

        Assert.Equal(
            [("1ZAMZPOBOXES1", "UPS_GR_RES", "PNG"), ("1ZAMZPOBOXES1-2", "UPS_2ND_DAY", "PNG"), ("1ZAMZPOBOXES1-3", "FEDEX_GROUND", "PNG")],
            Labels(order));
        Assert.Equal("1ZAMZPOBOXES1", order.GetProperty("trackingNumber").GetString()); // the lists keep showing the first box's
        var all = await Admin.GetAsync($"/api/instances/{id}/orders/POBOXES1/label");
        Assert.Equal("application/pdf", all.Content.Headers.ContentType?.MediaType);
        using (var pdf = PdfReader.Open(new MemoryStream(await all.Content.ReadAsByteArrayAsync()), PdfDocumentOpenMode.Import))
            Assert.Equal(3, pdf.PageCount);
        foreach (var package in new[] { 1, 2, 3 })
        {
            var alone = await Admin.GetAsync($"/api/instances/{id}/orders/POBOXES1/label?package={package}");
            Assert.Equal("image/png", alone.Content.Headers.ContentType?.MediaType);
            Assert.Equal(FakeSellingPartnerApi.LabelPng, await alone.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/instances/{id}/orders/POBOXES1/label?package=4")).StatusCode);
        var (_, otherToken) = await App.OtherAccountAsync();
        Assert.Equal(HttpStatusCode.NotFound,
            (await App.ClientWith(otherToken).GetAsync($"/api/instances/{id}/orders/POBOXES1/label?package=2")).StatusCode);
    }

    [Fact]
    public async Task AThreePackageZplLabel_PrintsTheBoxesOneAfterAnother_OrEachAlone()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.PackagesPerLabel = 3;
        Amazon.LabelFormat = "ZPL";
        Amazon.AddOrder("POZPLBOXES1", "LAX1", ("WIDGET-1", 3));

        await LabelledAsync(id, "POZPLBOXES1");

        var all = await Admin.GetAsync($"/api/instances/{id}/orders/POZPLBOXES1/label");
        Assert.Equal("label-POZPLBOXES1.zpl", all.Content.Headers.ContentDisposition?.FileNameStar ?? all.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(FakeSellingPartnerApi.PackageZpl(1) + FakeSellingPartnerApi.PackageZpl(2) + FakeSellingPartnerApi.PackageZpl(3),
            await all.Content.ReadAsStringAsync());
        Assert.Equal(FakeSellingPartnerApi.PackageZpl(2),
            await Admin.GetStringAsync($"/api/instances/{id}/orders/POZPLBOXES1/label?package=2"));
    }

    [Fact]
    public async Task TheShipmentConfirmationOfAThreePackageOrder_HasOneContainerPerBox_EveryUnitPackedOnce()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.PackagesPerLabel = 3;
        Amazon.AddOrder("POSHIPBOXES1", "LAX1", ("WIDGET-1", 5), ("GADGET-1", 1));
        await LabelledAsync(id, "POSHIPBOXES1");

        await PostAsync($"/api/instances/{id}/orders/ship", new { orderNumbers = new[] { "POSHIPBOXES1" }, weight = "2.5 KG" });

        await Poll.UntilAsync(() =>
        {
            Amazon.AssertKeptToTheModel(); // a refused body would otherwise only be retried
            return Amazon.ShipmentConfirmations.Count == 1;
        });
        var containers = Amazon.ShipmentConfirmations.Single()["shipmentConfirmations"]![0]!["containers"]!.AsArray();
        Assert.Equal(
            [("1ZAMZPOSHIPBOXES1", "UPS_GR_RES", 1), ("1ZAMZPOSHIPBOXES1-2", "UPS_2ND_DAY", 2), ("1ZAMZPOSHIPBOXES1-3", "FEDEX_GROUND", 3)],
            containers.Select(c => ((string?)c!["trackingNumber"], (string?)c["shipMethod"], (int)c["containerSequenceNumber"]!)).ToList());
        Assert.All(containers, c => Assert.Equal(("KG", "2.5"), ((string?)c!["weight"]!["unitOfMeasure"], (string?)c["weight"]!["value"])));
        var packed = containers.SelectMany(c => c!["packedItems"]!.AsArray())
            .GroupBy(p => (string?)p!["vendorProductIdentifier"]).ToDictionary(g => g.Key!, g => g.Sum(p => (int)p!["packedQuantity"]!["amount"]!));
        Assert.Equal(new Dictionary<string, int> { ["WIDGET-1"] = 5, ["GADGET-1"] = 1 }, packed);
    }

    [Fact]
    public async Task ARequiredPackingSlip_IsFetchedWithTheLabel_AndOfferedBesideIt()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("POSLIP1", "LAX1", ("WIDGET-1", 1));
        Amazon.RequirePackingSlip("POSLIP1");
        await PostAsync($"/api/instances/{id}/sync");
        Assert.True((await OrderAsync(id, "new", "POSLIP1")).GetProperty("packingSlipRequired").GetBoolean());
        var restrictedBefore = Amazon.RestrictedTokensIssued;

        var order = await LabelledAsync(id, "POSLIP1");

        Assert.True(order.GetProperty("packingSlipRequired").GetBoolean());
        Assert.Equal("POSLIP1", Assert.Single(Amazon.PackingSlipsServed)); // the stand-in serves it only with its own Restricted Data Token
        Assert.True(Amazon.RestrictedTokensIssued > restrictedBefore);
        Assert.Equal($"/api/instances/{id}/orders/POSLIP1/packing-slip", PackingSlipLink(order));
        var slip = await Admin.GetAsync(PackingSlipLink(order));
        Assert.Equal("application/pdf", slip.Content.Headers.ContentType?.MediaType);
        Assert.Equal(FakeSellingPartnerApi.PackingSlipPdf, await slip.Content.ReadAsByteArrayAsync());
        Assert.Single(Amazon.PackingSlipsServed); // kept: the download did not ask Amazon again
        var (_, otherToken) = await App.OtherAccountAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await App.ClientWith(otherToken).GetAsync(PackingSlipLink(order))).StatusCode);
        var (_, viewerToken) = await App.UserAsync(Role.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await App.ClientWith(viewerToken).GetAsync(PackingSlipLink(order))).StatusCode);
    }

    [Fact]
    public async Task APackingSlipAmazonHasNotMadeYet_LeavesTheLabelStanding_AndIsFetchedWhenAskedFor()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("POSLIPLATE1", "LAX1", ("WIDGET-1", 1));
        Amazon.RequirePackingSlip("POSLIPLATE1");
        Amazon.PackingSlipsReady = false;

        var order = await LabelledAsync(id, "POSLIPLATE1");

        Assert.Equal("1ZAMZPOSLIPLATE1", order.GetProperty("trackingNumber").GetString());
        Assert.True(order.GetProperty("packingSlipRequired").GetBoolean());
        Assert.Null(PackingSlipLink(order));
        var early = await Admin.GetAsync($"/api/instances/{id}/orders/POSLIPLATE1/packing-slip");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("could not be fetched", await early.Content.ReadAsStringAsync());

        Amazon.PackingSlipsReady = true;
        var slip = await Admin.GetAsync($"/api/instances/{id}/orders/POSLIPLATE1/packing-slip");

        Assert.Equal(HttpStatusCode.OK, slip.StatusCode);
        Assert.Equal(FakeSellingPartnerApi.PackingSlipPdf, await slip.Content.ReadAsByteArrayAsync());
        Assert.NotNull(PackingSlipLink(await OrderAsync(id, "awaiting", "POSLIPLATE1")));
    }

    [Fact]
    public async Task AnOrderWithoutAPackingSlip_IsOfferedNone_AndACancelledOrdersSlipAndLabelsAreRefused()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.PackagesPerLabel = 2;
        Amazon.AddOrder("PONOSLIP1", "LAX1", ("WIDGET-1", 1));
        Amazon.AddOrder("POSLIPCANCEL1", "LAX1", ("WIDGET-1", 1));
        Amazon.RequirePackingSlip("POSLIPCANCEL1");

        var plain = await LabelledAsync(id, "PONOSLIP1");
        await LabelledAsync(id, "POSLIPCANCEL1");

        Assert.False(plain.GetProperty("packingSlipRequired").GetBoolean());
        Assert.Null(PackingSlipLink(plain));
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/instances/{id}/orders/PONOSLIP1/packing-slip")).StatusCode);
        Assert.Equal(["POSLIPCANCEL1"], Amazon.PackingSlipsServed);

        await PostAsync($"/api/instances/{id}/orders/cancel", new { orderNumbers = new[] { "POSLIPCANCEL1" }, reason = "customer changed their mind" });

        foreach (var path in new[] { "packing-slip", "label", "label?package=1", "label?package=2" })
            Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/instances/{id}/orders/POSLIPCANCEL1/{path}")).StatusCode);
    }

    [Fact]
    public async Task OurOwnLabel_IsOnePackage_APdf()
    {
        var id = await StoreAsync(Stock);
        await PostAsync($"/api/instances/{id}/orders", new[] { new { orderNumber = "LOCALBOX1", lines = new[] { new { sku = "WIDGET-1", quantity = 1 } } } });
        await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "LOCALBOX1" } });
        await PostAsync($"/api/instances/{id}/orders/label", new { orderNumbers = new[] { "LOCALBOX1" } });

        var order = await OrderAsync(id, "awaiting", "LOCALBOX1");

        var (tracking, shipMethod, format) = Assert.Single(Labels(order));
        Assert.Equal(order.GetProperty("trackingNumber").GetString(), tracking);
        Assert.Null(shipMethod);
        Assert.Equal("PDF", format);
        var alone = await Admin.GetAsync($"/api/instances/{id}/orders/LOCALBOX1/label?package=1");
        Assert.Equal("application/pdf", alone.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/instances/{id}/orders/LOCALBOX1/label?package=2")).StatusCode);
    }
}
