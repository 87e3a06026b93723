using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inventory.Domain.Notifications;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Api;

/// <summary>Rules 3, 4 and 11 through the HTTP API, with the app's own background re-check of held orders.</summary>
public sealed class HeldAndRestockApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<int> StoreAsync(string name, string stockCsv, bool inventoryCheck = true, bool autoLabel = false)
    {
        var created = await _client.PostAsJsonAsync("/api/instances", new { name, platform = "Amazon", defaultWarehouse = "LAX1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await _client.PatchAsJsonAsync($"/api/instances/{id}", new { inventoryCheck, autoLabel })).EnsureSuccessStatusCode();
        await ImportAsync(id, stockCsv);
        return id;
    }

    private async Task ImportAsync(int id, string csv)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "stock.csv" } };
        (await _client.PostAsync($"/api/instances/{id}/inventory/import", form)).EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        var response = await _client.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> OrderAsync(int id, string status, string orderNumber)
    {
        var list = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status={status}");
        return list.GetProperty("items").EnumerateArray().Single(o => o.GetProperty("orderNumber").GetString() == orderNumber);
    }

    private async Task<bool> HeldAsync(int id, string orderNumber) =>
        (await OrderAsync(id, "new", orderNumber)).GetProperty("hold").GetString() == "NoInventory";

    private Task WhenAsync(int id, Func<Task<bool>> condition) =>
        Changes.WhenAsync(app.Services.GetRequiredService<IChangeNotifier>(), id, condition);

    private static object Order(string number, string sku, int quantity) =>
        new[] { new { orderNumber = number, orderedAt = "2026-11-27T10:00:00Z", lines = new[] { new { sku, quantity } } } };

    [Fact]
    public async Task Clear_ReleasesAHeldOrder_WhoseNoInventoryDisappearsFromTheList()
    {
        var id = await StoreAsync("Clear store", "SKU,Quantity\nSKU-1,1\n");
        await PostAsync($"/api/instances/{id}/orders", Order("HELD-1", "SKU-1", 3));
        var accept = await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "HELD-1" } });
        Assert.Equal("No inventory", accept.GetProperty("orders")[0].GetProperty("error").GetString());

        await PostAsync($"/api/instances/{id}/inventory/clear", new { all = true });

        await WhenAsync(id, async () => !await HeldAsync(id, "HELD-1"));
        var order = await OrderAsync(id, "new", "HELD-1");
        Assert.Equal(JsonValueKind.Null, order.GetProperty("error").ValueKind);
        var accepted = await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "HELD-1" } });
        Assert.Equal(1, accepted.GetProperty("moved").GetInt32());
    }

    [Fact]
    public async Task SwitchingInventoryCheckOff_ReleasesHeldOrders()
    {
        var id = await StoreAsync("Check-off store", "SKU,Quantity\nSKU-1,1\n");
        await PostAsync($"/api/instances/{id}/orders", Order("HELD-1", "SKU-1", 3));
        await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "HELD-1" } });
        Assert.True(await HeldAsync(id, "HELD-1"));

        (await _client.PatchAsJsonAsync($"/api/instances/{id}", new { inventoryCheck = false })).EnsureSuccessStatusCode();

        await WhenAsync(id, async () => !await HeldAsync(id, "HELD-1"));
        Assert.Equal("None", (await OrderAsync(id, "new", "HELD-1")).GetProperty("hold").GetString());
    }

    [Fact]
    public async Task CancelAfterARecount_KeepsTheCount_AndNamesTheLineNotPutBack()
    {
        var id = await StoreAsync("Recount store", "SKU,Quantity\nSKU-1,20\n", inventoryCheck: false);
        await PostAsync($"/api/instances/{id}/orders", Order("A-1", "SKU-1", 3));
        await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "A-1" } });
        await ImportAsync(id, "SKU,Quantity\nSKU-1,50\n");

        var cancel = await PostAsync($"/api/instances/{id}/orders/cancel", new { orderNumbers = new[] { "A-1" }, reason = "buyer asked" });

        var outcome = cancel.GetProperty("orders")[0];
        Assert.Equal("Cancelled", outcome.GetProperty("status").GetString());
        var line = Assert.Single(outcome.GetProperty("notRestocked").EnumerateArray().ToList());
        Assert.Equal(("SKU-1", 3, "CountedSince"),
            (line.GetProperty("sku").GetString(), line.GetProperty("quantity").GetInt32(), line.GetProperty("why").GetString()));
        var stock = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory");
        Assert.Equal(50, stock.GetProperty("items")[0].GetProperty("quantity").GetInt32());
    }
}
