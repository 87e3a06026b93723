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
public sealed class AmazonPackagesApiTests(AmazonAppFactory app) : IClassFixture<AmazonAppFactory>, IAsyncLifetime
{
    private readonly HttpClient _admin = app.CreateClient();
    private FakeSellingPartnerApi _amazon = null!;

    public async Task InitializeAsync()
    {
        _amazon = await FakeSellingPartnerApi.StartAsync();
        app.Live.AllowAmazon(_amazon.Endpoint);
    }

    public async Task DisposeAsync() => await _amazon.DisposeAsync();

    private async Task<int> StoreAsync(bool connected = true)
    {
        var created = await _admin.PostAsJsonAsync("/api/instances", new { name = "Amazon store", platform = "Amazon", defaultWarehouse = "LAX1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var form = new MultipartFormDataContent { { new StringContent("SKU,Warehouse,Quantity\nWIDGET-1,LAX1,20\nGADGET-1,LAX1,20\n"), "file", "stock.csv" } };
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/instances/{id}/inventory/import", form)).StatusCode);
        if (connected)
        {
            var response = await _admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", _amazon.Connection());
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        return id;
    }

    private async Task<JsonElement> PostAsync(string path, object? body = null)
    {
        var response = body is null ? await _admin.PostAsync(path, null) : await _admin.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<JsonElement> OrderAsync(int id, string status, string number) =>
        (await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status={status}")).GetProperty("items").EnumerateArray()
        .Single(o => o.GetProperty("orderNumber").GetString() == number);

    /// <summary>The purchase order synced, accepted, confirmed by Amazon and labelled: in Awaiting.</summary>
    private async Task<JsonElement> LabelledAsync(int id, string number)
    {
        await PostAsync($"/api/instances/{id}/sync");
        await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { number } });
        await Poll.UntilAsync(() => OrderAsync(id, "accepted", number),
            o => o.TryGetProperty("marketplaceStatus", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == "confirmed");
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
        var id = await StoreAsync();
        _amazon.PackagesPerLabel = 3;
        _amazon.AddOrder("POBOXES1", "LAX1", ("WIDGET-1", 5), ("GADGET-1", 1));

        var order = await LabelledAsync(id, "POBOXES1");

        Assert.Equal(
            [("1ZAMZPOBOXES1", "UPS_GR_RES", "PNG"), ("1ZAMZPOBOXES1-2", "UPS_2ND_DAY", "PNG"), ("1ZAMZPOBOXES1-3", "FEDEX_GROUND", "PNG")],
            Labels(order));
        Assert.Equal("1ZAMZPOBOXES1", order.GetProperty("trackingNumber").GetString()); // the lists keep showing the first box's
        var all = await _admin.GetAsync($"/api/instances/{id}/orders/POBOXES1/label");
        Assert.Equal("application/pdf", all.Content.Headers.ContentType?.MediaType);
        using (var pdf = PdfReader.Open(new MemoryStream(await all.Content.ReadAsByteArrayAsync()), PdfDocumentOpenMode.Import))
            Assert.Equal(3, pdf.PageCount);
        foreach (var package in new[] { 1, 2, 3 })
        {
            var alone = await _admin.GetAsync($"/api/instances/{id}/orders/POBOXES1/label?package={package}");
            Assert.Equal("image/png", alone.Content.Headers.ContentType?.MediaType);
            Assert.Equal(FakeSellingPartnerApi.LabelPng, await alone.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/instances/{id}/orders/POBOXES1/label?package=4")).StatusCode);
        var (_, otherToken) = await app.OtherAccountAsync();
        Assert.Equal(HttpStatusCode.NotFound,
            (await app.ClientWith(otherToken).GetAsync($"/api/instances/{id}/orders/POBOXES1/label?package=2")).StatusCode);
    }

    [Fact]
    public async Task AThreePackageZplLabel_PrintsTheBoxesOneAfterAnother_OrEachAlone()
    {
        var id = await StoreAsync();
        _amazon.PackagesPerLabel = 3;
        _amazon.LabelFormat = "ZPL";
        _amazon.AddOrder("POZPLBOXES1", "LAX1", ("WIDGET-1", 3));

        await LabelledAsync(id, "POZPLBOXES1");

        var all = await _admin.GetAsync($"/api/instances/{id}/orders/POZPLBOXES1/label");
        Assert.Equal("label-POZPLBOXES1.zpl", all.Content.Headers.ContentDisposition?.FileNameStar ?? all.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(FakeSellingPartnerApi.PackageZpl(1) + FakeSellingPartnerApi.PackageZpl(2) + FakeSellingPartnerApi.PackageZpl(3),
            await all.Content.ReadAsStringAsync());
        Assert.Equal(FakeSellingPartnerApi.PackageZpl(2),
            await _admin.GetStringAsync($"/api/instances/{id}/orders/POZPLBOXES1/label?package=2"));
    }

    [Fact]
    public async Task TheShipmentConfirmationOfAThreePackageOrder_HasOneContainerPerBox_EveryUnitPackedOnce()
    {
        var id = await StoreAsync();
        _amazon.PackagesPerLabel = 3;
        _amazon.AddOrder("POSHIPBOXES1", "LAX1", ("WIDGET-1", 5), ("GADGET-1", 1));
        await LabelledAsync(id, "POSHIPBOXES1");

        await PostAsync($"/api/instances/{id}/orders/ship", new { orderNumbers = new[] { "POSHIPBOXES1" }, weight = "2.5 KG" });

        await Poll.UntilAsync(() =>
        {
            _amazon.AssertKeptToTheModel(); // a refused body would otherwise only be retried
            return _amazon.ShipmentConfirmations.Count == 1;
        });
        var containers = _amazon.ShipmentConfirmations.Single()["shipmentConfirmations"]![0]!["containers"]!.AsArray();
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
        var id = await StoreAsync();
        _amazon.AddOrder("POSLIP1", "LAX1", ("WIDGET-1", 1));
        _amazon.RequirePackingSlip("POSLIP1");
        await PostAsync($"/api/instances/{id}/sync");
        Assert.True((await OrderAsync(id, "new", "POSLIP1")).GetProperty("packingSlipRequired").GetBoolean());
        var restrictedBefore = _amazon.RestrictedTokensIssued;

        var order = await LabelledAsync(id, "POSLIP1");

        Assert.True(order.GetProperty("packingSlipRequired").GetBoolean());
        Assert.Equal("POSLIP1", Assert.Single(_amazon.PackingSlipsServed)); // the stand-in serves it only with its own Restricted Data Token
        Assert.True(_amazon.RestrictedTokensIssued > restrictedBefore);
        Assert.Equal($"/api/instances/{id}/orders/POSLIP1/packing-slip", PackingSlipLink(order));
        var slip = await _admin.GetAsync(PackingSlipLink(order));
        Assert.Equal("application/pdf", slip.Content.Headers.ContentType?.MediaType);
        Assert.Equal(FakeSellingPartnerApi.PackingSlipPdf, await slip.Content.ReadAsByteArrayAsync());
        Assert.Single(_amazon.PackingSlipsServed); // kept: the download did not ask Amazon again
        var (_, otherToken) = await app.OtherAccountAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientWith(otherToken).GetAsync(PackingSlipLink(order))).StatusCode);
        var (_, viewerToken) = await app.UserAsync(Role.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWith(viewerToken).GetAsync(PackingSlipLink(order))).StatusCode);
    }

    [Fact]
    public async Task APackingSlipAmazonHasNotMadeYet_LeavesTheLabelStanding_AndIsFetchedWhenAskedFor()
    {
        var id = await StoreAsync();
        _amazon.AddOrder("POSLIPLATE1", "LAX1", ("WIDGET-1", 1));
        _amazon.RequirePackingSlip("POSLIPLATE1");
        _amazon.PackingSlipsReady = false;

        var order = await LabelledAsync(id, "POSLIPLATE1");

        Assert.Equal("1ZAMZPOSLIPLATE1", order.GetProperty("trackingNumber").GetString());
        Assert.True(order.GetProperty("packingSlipRequired").GetBoolean());
        Assert.Null(PackingSlipLink(order));
        var early = await _admin.GetAsync($"/api/instances/{id}/orders/POSLIPLATE1/packing-slip");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("could not be fetched", await early.Content.ReadAsStringAsync());

        _amazon.PackingSlipsReady = true;
        var slip = await _admin.GetAsync($"/api/instances/{id}/orders/POSLIPLATE1/packing-slip");

        Assert.Equal(HttpStatusCode.OK, slip.StatusCode);
        Assert.Equal(FakeSellingPartnerApi.PackingSlipPdf, await slip.Content.ReadAsByteArrayAsync());
        Assert.NotNull(PackingSlipLink(await OrderAsync(id, "awaiting", "POSLIPLATE1")));
    }

    [Fact]
    public async Task AnOrderWithoutAPackingSlip_IsOfferedNone_AndACancelledOrdersSlipAndLabelsAreRefused()
    {
        var id = await StoreAsync();
        _amazon.PackagesPerLabel = 2;
        _amazon.AddOrder("PONOSLIP1", "LAX1", ("WIDGET-1", 1));
        _amazon.AddOrder("POSLIPCANCEL1", "LAX1", ("WIDGET-1", 1));
        _amazon.RequirePackingSlip("POSLIPCANCEL1");

        var plain = await LabelledAsync(id, "PONOSLIP1");
        await LabelledAsync(id, "POSLIPCANCEL1");

        Assert.False(plain.GetProperty("packingSlipRequired").GetBoolean());
        Assert.Null(PackingSlipLink(plain));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/instances/{id}/orders/PONOSLIP1/packing-slip")).StatusCode);
        Assert.Equal(["POSLIPCANCEL1"], _amazon.PackingSlipsServed);

        await PostAsync($"/api/instances/{id}/orders/cancel", new { orderNumbers = new[] { "POSLIPCANCEL1" }, reason = "customer changed their mind" });

        foreach (var path in new[] { "packing-slip", "label", "label?package=1", "label?package=2" })
            Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/instances/{id}/orders/POSLIPCANCEL1/{path}")).StatusCode);
    }

    [Fact]
    public async Task OurOwnLabel_IsOnePackage_APdf()
    {
        var id = await StoreAsync(connected: false);
        await PostAsync($"/api/instances/{id}/orders", new[] { new { orderNumber = "LOCALBOX1", lines = new[] { new { sku = "WIDGET-1", quantity = 1 } } } });
        await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "LOCALBOX1" } });
        await PostAsync($"/api/instances/{id}/orders/label", new { orderNumbers = new[] { "LOCALBOX1" } });

        var order = await OrderAsync(id, "awaiting", "LOCALBOX1");

        var (tracking, shipMethod, format) = Assert.Single(Labels(order));
        Assert.Equal(order.GetProperty("trackingNumber").GetString(), tracking);
        Assert.Null(shipMethod);
        Assert.Equal("PDF", format);
        var alone = await _admin.GetAsync($"/api/instances/{id}/orders/LOCALBOX1/label?package=1");
        Assert.Equal("application/pdf", alone.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/instances/{id}/orders/LOCALBOX1/label?package=2")).StatusCode);
    }
}
