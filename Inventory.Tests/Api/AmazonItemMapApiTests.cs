using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inventory.Domain.Accounts;
using Inventory.Domain.Dashboard;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Api;

/// <summary>
/// Issue 26, row 4: an Amazon line that names only its ASIN (no vendorProductIdentifier, which the model makes
/// optional) is matched to a SKU through the instance's item map; while it is unknown the order waits in NEW
/// with "Unknown item B0…", to be mapped and accepted, or rejected.
/// </summary>
public sealed class AmazonItemMapApiTests(AmazonAppFactory app) : AmazonApiTests(app)
{
    private Task<int> ConnectedStoreAsync() => ConnectedStoreAsync(WidgetStock, inventoryCheck: true);

    private Task<JsonElement> MapAsync(int id, params (string Asin, string Sku)[] entries) =>
        SendAsync(HttpMethod.Put, $"/api/instances/{id}/items/map", new { entries = entries.Select(e => new { asin = e.Asin, sku = e.Sku }) });

    private async Task<JsonNode> SentAcknowledgementAsync()
    {
        await Poll.UntilAsync(() =>
        {
            Amazon.AssertKeptToTheModel(); // a refused body would otherwise only be retried
            return Amazon.Acknowledgements.Count == 1;
        });
        return Amazon.Acknowledgements.Single()["orderAcknowledgements"]![0]!;
    }

    [Fact]
    public async Task AnAsinOnlyOrder_HoldsWithUnknownItem_IsMapped_ThenAcceptedFromTheMappedSku()
    {
        var id = await ConnectedStoreAsync();
        Amazon.AddOrderByAsin("PO-ASIN-1", "LAX1", ("B0ASINONE1", 3));

        var synced = (await SendAsync(HttpMethod.Post, $"/api/instances/{id}/sync")).GetProperty("orders").EnumerateArray()
            .Single(o => o.GetProperty("orderNumber").GetString() == "PO-ASIN-1");
        Assert.Equal("UnknownItem", synced.GetProperty("hold").GetString());
        var held = await OrderAsync(id, "new", "PO-ASIN-1");
        Assert.Equal("UnknownItem", held.GetProperty("hold").GetString());
        Assert.Equal("Unknown item B0ASINONE1", held.GetProperty("error").GetString());
        Assert.Equal("B0ASINONE1", held.GetProperty("lines")[0].GetProperty("asin").GetString());
        var attention = Assert.Single((await App.Services.GetRequiredService<DashboardQueries>().GetAsync(id, App.Admin)).Held);
        Assert.Equal(("PO-ASIN-1", "B0ASINONE1"), (attention.OrderNumber, attention.UnknownItems)); // on the dashboard's Needs attention

        var refused = (await BulkAsync(id, "accept", "PO-ASIN-1")).GetProperty("orders")[0];
        Assert.Equal("Skipped", refused.GetProperty("outcome").GetString());
        Assert.Contains("unknown item (B0ASINONE1)", refused.GetProperty("error").GetString());
        Assert.Empty(Amazon.Acknowledgements);

        var mapped = await MapAsync(id, ("B0ASINONE1", "WIDGET-1"));
        Assert.Equal("Released", mapped.GetProperty("released").EnumerateArray()
            .Single(o => o.GetProperty("orderNumber").GetString() == "PO-ASIN-1").GetProperty("outcome").GetString());
        var released = await OrderAsync(id, "new", "PO-ASIN-1");
        Assert.Equal("None", released.GetProperty("hold").GetString());
        Assert.Equal("WIDGET-1", released.GetProperty("lines")[0].GetProperty("sku").GetString());
        Assert.Empty((await App.Services.GetRequiredService<DashboardQueries>().GetAsync(id, App.Admin)).Held);

        Assert.Equal(1, (await BulkAsync(id, "accept", "PO-ASIN-1")).GetProperty("moved").GetInt32());
        Assert.Equal(7, await QuantityAsync(id, "WIDGET-1"));
        var sent = await SentAcknowledgementAsync();
        Assert.Equal("00", (string?)sent["acknowledgementStatus"]!["code"]);
        var item = sent["itemAcknowledgements"]![0]!;
        Assert.Equal(("WIDGET-1", "B0ASINONE1", 3),
            ((string?)item["vendorProductIdentifier"], (string?)item["buyerProductIdentifier"], (int)item["acknowledgedQuantity"]!["amount"]!));
    }

    [Fact]
    public async Task AMappedAsin_IsMatchedOnSync_AndAShortMappedSkuIsHeldWithNoInventory()
    {
        var id = await ConnectedStoreAsync();
        await MapAsync(id, ("B0MAPPED01", "WIDGET-1"));
        Amazon.AddOrderByAsin("PO-ASIN-2", "LAX1", ("b0mapped01", 2));
        Amazon.AddOrderByAsin("PO-ASIN-3", "LAX1", ("B0MAPPED01", 50));

        await SendAsync(HttpMethod.Post, $"/api/instances/{id}/sync");
        var again = await SendAsync(HttpMethod.Post, $"/api/instances/{id}/sync");

        var matched = await OrderAsync(id, "new", "PO-ASIN-2");
        Assert.Equal("None", matched.GetProperty("hold").GetString());
        Assert.Equal("WIDGET-1", matched.GetProperty("lines")[0].GetProperty("sku").GetString());
        Assert.DoesNotContain(again.GetProperty("orders").EnumerateArray(), o => o.GetProperty("outcome").GetString() == "Conflict");
        Assert.Equal(1, (await BulkAsync(id, "accept", "PO-ASIN-2")).GetProperty("moved").GetInt32());
        Assert.Equal(8, await QuantityAsync(id, "WIDGET-1"));
        await BulkAsync(id, "accept", "PO-ASIN-3");
        Assert.Equal("NoInventory", (await OrderAsync(id, "new", "PO-ASIN-3")).GetProperty("hold").GetString());
    }

    [Fact]
    public async Task RejectingAnUnknownItemOrder_TellsAmazonByTheAsin_InABodyTheModelTakes()
    {
        var id = await ConnectedStoreAsync();
        Amazon.AddOrderByAsin("PO-ASIN-4", "LAX1", ("B0UNKNOWN4", 1), ("B0UNKNOWN5", 2));
        await SendAsync(HttpMethod.Post, $"/api/instances/{id}/sync");
        Assert.Equal("Unknown item B0UNKNOWN4, B0UNKNOWN5", (await OrderAsync(id, "new", "PO-ASIN-4")).GetProperty("error").GetString());

        var rejected = (await BulkAsync(id, "reject", "PO-ASIN-4")).GetProperty("orders")[0];

        Assert.Equal("Cancelled", rejected.GetProperty("status").GetString());
        Assert.Contains("unknown item (B0UNKNOWN4, B0UNKNOWN5)", (await OrderAsync(id, "cancelled", "PO-ASIN-4")).GetProperty("cancelReason").GetString());
        var sent = await SentAcknowledgementAsync();
        Assert.Equal("03", (string?)sent["acknowledgementStatus"]!["code"]);
        var items = sent["itemAcknowledgements"]!.AsArray().Select(i => (
            (string?)i!["buyerProductIdentifier"], i.AsObject().ContainsKey("vendorProductIdentifier"), (int)i["acknowledgedQuantity"]!["amount"]!)).ToList();
        Assert.Equal([("B0UNKNOWN4", false, 1), ("B0UNKNOWN5", false, 2)], items);
        Assert.Equal(10, await QuantityAsync(id, "WIDGET-1"));
    }

    [Fact]
    public async Task TheItemMap_IsListedAndChanged_ABadAsinIsRefusedByRowAndField_AndAnEmptySkuForgets()
    {
        var id = await ConnectedStoreAsync();
        await MapAsync(id, ("B0LISTED01", "WIDGET-1"), ("B0LISTED02", "GADGET-9"));

        var bad = await Admin.PutAsJsonAsync($"/api/instances/{id}/items/map",
            new { entries = new[] { new { asin = "B0LISTED03", sku = "WIDGET-1" }, new { asin = "B0-SHORT", sku = "WIDGET-1" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("entries[1].asin", problem);
        Assert.Contains("Row 2", problem);
        Assert.Contains("10 letters or digits", problem);

        await MapAsync(id, ("B0LISTED02", ""));
        var map = await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/items/map");
        Assert.Equal([("B0LISTED01", "WIDGET-1")], map.GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("asin").GetString(), e.GetProperty("sku").GetString())).ToList());
        var ofItem = await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/items/map?sku=widget-1");
        Assert.Single(ofItem.GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task TheItemMap_IsReadByAViewer_ChangedOnlyByAnOperator_AndHiddenFromAnotherAccount()
    {
        var id = await ConnectedStoreAsync();
        var viewer = App.ClientWith((await App.UserAsync(Role.Viewer)).Token);
        var other = App.ClientWith((await App.OtherAccountAsync()).Token);
        var body = new { entries = new[] { new { asin = "B0SECURE01", sku = "WIDGET-1" } } };

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/instances/{id}/items/map")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"/api/instances/{id}/items/map", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/instances/{id}/items/map")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/instances/{id}/items/map", body)).StatusCode);
        Assert.Empty((await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/items/map")).GetProperty("entries").EnumerateArray());
    }
}
