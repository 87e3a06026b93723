using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Api;

/// <summary>
/// Issue 26, row 3: a purchase order Amazon cancels after it was synced (or accepted) is seen by the next
/// sync, whatever its age: it moves to Cancelled "Cancelled by Amazon", its stock goes back (rule 11), its
/// label is withdrawn, and every action on it is refused.
/// </summary>
public sealed class AmazonCancellationApiTests(AmazonAppFactory app) : IClassFixture<AmazonAppFactory>, IAsyncLifetime
{
    private readonly HttpClient _admin = app.CreateClient();
    private FakeSellingPartnerApi _amazon = null!;

    public async Task InitializeAsync()
    {
        _amazon = await FakeSellingPartnerApi.StartAsync();
        app.Live.AllowAmazon(_amazon.Endpoint);
    }

    public async Task DisposeAsync() => await _amazon.DisposeAsync();

    private async Task<int> ConnectedStoreAsync()
    {
        var created = await _admin.PostAsJsonAsync("/api/instances", new { name = "Amazon store", platform = "Amazon", defaultWarehouse = "LAX1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var form = new MultipartFormDataContent { { new StringContent("SKU,Warehouse,Quantity\nWIDGET-1,LAX1,10\n"), "file", "stock.csv" } };
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/instances/{id}/inventory/import", form)).StatusCode);
        var connected = await _admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", _amazon.Connection());
        Assert.True(connected.IsSuccessStatusCode, await connected.Content.ReadAsStringAsync());
        return id;
    }

    private async Task<JsonElement> PostAsync(string path, object? body = null)
    {
        var response = body is null ? await _admin.PostAsync(path, null) : await _admin.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<JsonElement?> OrderAsync(int id, string status, string number) =>
        (await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status={status}")).GetProperty("items").EnumerateArray()
        .Cast<JsonElement?>().SingleOrDefault(o => o!.Value.GetProperty("orderNumber").GetString() == number);

    private async Task<int> QuantityAsync(int id) =>
        (await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory?search=WIDGET-1")).GetProperty("items")[0]
        .GetProperty("quantity").GetInt32();

    [Fact]
    public async Task AnAcceptedOrderAmazonCancels_IsCancelledByTheNextSync_RestockedAndRefusedEveryAction()
    {
        var id = await ConnectedStoreAsync();
        // Three days old: far outside the window the sync asks for NEW orders once it has synced before.
        _amazon.AddOrder("POCANCEL1", "LAX1", TimeSpan.FromDays(3), ("WIDGET-1", 4));
        await PostAsync($"/api/instances/{id}/sync");
        await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "POCANCEL1" } });
        Assert.Equal(6, await QuantityAsync(id));
        _amazon.AddOrder("POKEEP1", "LAX1", ("WIDGET-1", 1));
        await PostAsync($"/api/instances/{id}/sync");

        _amazon.CancelOrder("POCANCEL1");
        var synced = await PostAsync($"/api/instances/{id}/sync");

        Assert.Contains(synced.GetProperty("orders").EnumerateArray(),
            o => o.GetProperty("orderNumber").GetString() == "POCANCEL1" && o.GetProperty("outcome").GetString() == "Cancelled");
        var cancelled = await OrderAsync(id, "cancelled", "POCANCEL1");
        Assert.NotNull(cancelled);
        Assert.Equal("Cancelled by Amazon", cancelled.Value.GetProperty("cancelReason").GetString());
        Assert.Equal(10, await QuantityAsync(id));
        Assert.NotNull(await OrderAsync(id, "new", "POKEEP1"));

        var accept = await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "POCANCEL1" } });
        var label = await PostAsync($"/api/instances/{id}/orders/label", new { orderNumbers = new[] { "POCANCEL1" } });
        Assert.Equal(0, accept.GetProperty("moved").GetInt32());
        Assert.Equal(0, label.GetProperty("moved").GetInt32());
        Assert.Equal(10, await QuantityAsync(id));
        Assert.Equal("Cancelled", (await OrderAsync(id, "cancelled", "POCANCEL1"))!.Value.GetProperty("status").GetString());
        Assert.DoesNotContain(_amazon.LabelRequests, l => l.PurchaseOrderNumber == "POCANCEL1");
    }

    [Fact]
    public async Task ANewOrderAmazonCancels_IsCancelledWithNothingToRestock_AndASecondSyncChangesNothing()
    {
        var id = await ConnectedStoreAsync();
        _amazon.AddOrder("PONEWCANCEL", "LAX1", ("WIDGET-1", 2));
        await PostAsync($"/api/instances/{id}/sync");

        _amazon.CancelOrder("PONEWCANCEL");
        await PostAsync($"/api/instances/{id}/sync");
        var again = await PostAsync($"/api/instances/{id}/sync");

        Assert.Equal("Cancelled by Amazon", (await OrderAsync(id, "cancelled", "PONEWCANCEL"))!.Value.GetProperty("cancelReason").GetString());
        Assert.Null(await OrderAsync(id, "new", "PONEWCANCEL"));
        Assert.Equal(10, await QuantityAsync(id));
        Assert.DoesNotContain(again.GetProperty("orders").EnumerateArray(), o => o.GetProperty("orderNumber").GetString() == "PONEWCANCEL");
    }

    [Fact]
    public async Task ACancelledOrdersLabel_IsWithdrawn()
    {
        var created = await _admin.PostAsJsonAsync("/api/instances", new { name = "Own labels", platform = "Other", defaultWarehouse = "LAX1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await PostAsync($"/api/instances/{id}/orders", new[] { new { orderNumber = "LABELLED-1", lines = new[] { new { sku = "ANY-1", quantity = 1 } } } });
        await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "LABELLED-1" } });
        await PostAsync($"/api/instances/{id}/orders/label", new { orderNumbers = new[] { "LABELLED-1" } });
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/api/instances/{id}/orders/LABELLED-1/label")).StatusCode);

        await PostAsync($"/api/instances/{id}/orders/cancel", new { orderNumbers = new[] { "LABELLED-1" }, reason = "Customer changed their mind" });

        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/instances/{id}/orders/LABELLED-1/label")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/instances/{id}/orders/LABELLED-1/label.pdf")).StatusCode);
    }
}
