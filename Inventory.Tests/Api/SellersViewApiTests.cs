using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inventory.Domain.Accounts;
using Inventory.Domain.Stock.Feed;
using Microsoft.Extensions.DependencyInjection;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Api;

/// <summary>The low-stock setting and filter, untrackedCountsAsShort, and the orders' tracked lines and warnings, over HTTP.</summary>
public sealed class SellersViewApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly HttpClient _admin = app.CreateClient();

    private async Task<int> StoreAsync()
    {
        var response = await _admin.PostAsJsonAsync("/api/instances", new { name = "View store", platform = "Amazon", defaultWarehouse = "LAX1" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var form = new MultipartFormDataContent { { new StringContent("SKU,Quantity\nLOW-1,2\nFULL-1,50\n"), "file", "stock.csv" } };
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/instances/{id}/inventory/import", form)).StatusCode);
        return id;
    }

    private async Task<JsonElement> PatchAsync(int id, string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _admin.PatchAsync($"/api/instances/{id}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task LowStockThreshold_IsSetLeftAloneAndSwitchedOff_AndFiltersTheInventory()
    {
        var id = await StoreAsync();
        Assert.Equal(400, (int)(await _admin.GetAsync($"/api/instances/{id}/inventory?lowStock=true")).StatusCode); // off by default

        Assert.Equal(5, (await PatchAsync(id, """{ "lowStockThreshold": 5 }""")).GetProperty("lowStockThreshold").GetInt32());
        Assert.Equal(5, (await PatchAsync(id, """{ "name": "Renamed" }""")).GetProperty("lowStockThreshold").GetInt32());
        var low = await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory?lowStock=true");
        Assert.Equal(["LOW-1"], low.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));

        await PatchAsync(id, """{ "lowStockThreshold": "lots" }""", HttpStatusCode.BadRequest);
        await PatchAsync(id, """{ "lowStockThreshold": -3 }""", HttpStatusCode.BadRequest);
        Assert.Equal(JsonValueKind.Null, (await PatchAsync(id, """{ "lowStockThreshold": null }""")).GetProperty("lowStockThreshold").ValueKind);
    }

    [Fact]
    public async Task OrderLists_SayWhichLinesAreTracked_AndWarnOfAnUnknownWarehouse()
    {
        var id = await StoreAsync();
        await _admin.PostAsJsonAsync($"/api/instances/{id}/orders", new object[]
        {
            new { orderNumber = "MIX-1", lines = new[] { new { sku = "LOW-1", quantity = 1 }, new { sku = "NEVER-1", quantity = 1 } } },
            new { orderNumber = "AWAY-1", warehouse = "ZZZ9", lines = new[] { new { sku = "LOW-1", quantity = 1 } } },
        });

        var list = await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=new");
        var orders = list.GetProperty("items").EnumerateArray().ToDictionary(o => o.GetProperty("orderNumber").GetString()!);

        Assert.Equal([true, false], orders["MIX-1"].GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("tracked").GetBoolean()));
        Assert.Equal(0, orders["MIX-1"].GetProperty("warnings").GetArrayLength());
        Assert.Equal(["UnknownWarehouse"], orders["AWAY-1"].GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task InventoryFeed_SwitchedOn_PushesTheNextChangeOnItsOwn_AndReportsIt()
    {
        var id = await StoreAsync();
        var off = await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory/feed");
        Assert.False(off.GetProperty("enabled").GetBoolean());

        Assert.True((await PatchAsync(id, """{ "inventoryFeed": true }""")).GetProperty("inventoryFeed").GetBoolean());
        using var form = new MultipartFormDataContent { { new StringContent("SKU,Quantity\nLOW-1,4\n"), "file", "stock.csv" } };
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/instances/{id}/inventory/import", form)).StatusCode);

        // The background feed pushes after the stock has been quiet for a moment (Feed:DebounceSeconds).
        JsonElement status = default;
        await Poll.UntilAsync(async () =>
            (status = await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory/feed")).GetProperty("lastItemCount").GetInt32() > 0);
        Assert.Equal((1, 0), (status.GetProperty("lastItemCount").GetInt32(), status.GetProperty("pendingItems").GetInt32()));
        var sent = app.Services.GetRequiredService<Inventory.Domain.Marketplace.Simulated.SimulatedMarketplace>().Received(id).SelectMany(r => r.Items);
        Assert.Equal([("LOW-1", 4)], sent.Select(i => (i.Sku, i.AvailableQuantity))); // not FULL-1: unchanged since
    }

    [Fact]
    public async Task UntrackedCountsAsShort_HoldsTheOrder_AndOnlyAnAdminMaySetIt()
    {
        var id = await StoreAsync();
        await PatchAsync(id, """{ "inventoryCheck": true, "untrackedCountsAsShort": true }""");
        await _admin.PostAsJsonAsync($"/api/instances/{id}/orders", new[] { new { orderNumber = "U-1", lines = new[] { new { sku = "NEVER-1", quantity = 1 } } } });

        var accept = await (await _admin.PostAsJsonAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "U-1" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        using var operatorClient = app.ClientWith((await app.UserAsync(Role.Operator)).Token);
        var refused = await operatorClient.PatchAsJsonAsync($"/api/instances/{id}", new { untrackedCountsAsShort = false });

        Assert.Equal(1, accept.GetProperty("stopped").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
