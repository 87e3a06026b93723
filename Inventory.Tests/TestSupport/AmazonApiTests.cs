using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inventory.Tests.Api;

namespace Inventory.Tests.TestSupport;

/// <summary>
/// The HTTP tests against the stand-in Selling Partner API share one app per class but need their own stand-in
/// per test (xunit makes an instance per test), so each test's orders, labels and refusals stay its own.
/// </summary>
public abstract class AmazonApiTests(AmazonAppFactory app) : IClassFixture<AmazonAppFactory>, IAsyncLifetime
{
    protected const string WidgetStock = "SKU,Warehouse,Quantity\nWIDGET-1,LAX1,10\n";

    protected AmazonAppFactory App { get; } = app;

    protected HttpClient Admin { get; } = app.CreateClient();

    protected FakeSellingPartnerApi Amazon { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Amazon = await FakeSellingPartnerApi.StartAsync();
        // The app refuses Amazon endpoints it was not told of: the stand-in listens on a loopback port.
        App.Live.AllowAmazon(Amazon.Endpoint);
    }

    public virtual async Task DisposeAsync() => await Amazon.DisposeAsync();

    /// <summary>An Amazon instance with <paramref name="stockCsv"/> imported (none when null), not yet connected.</summary>
    protected async Task<int> StoreAsync(string? stockCsv = WidgetStock, bool inventoryCheck = false)
    {
        var created = await Admin.PostAsJsonAsync("/api/instances", new { name = "Amazon store", platform = "Amazon", defaultWarehouse = "LAX1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        if (stockCsv is not null)
        {
            using var form = new MultipartFormDataContent { { new StringContent(stockCsv), "file", "stock.csv" } };
            var imported = await Admin.PostAsync($"/api/instances/{id}/inventory/import", form);
            Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        }
        if (inventoryCheck)
            await Admin.PatchAsJsonAsync($"/api/instances/{id}", new { inventoryCheck = true });
        return id;
    }

    protected async Task<int> ConnectedStoreAsync(string? stockCsv = WidgetStock, bool inventoryCheck = false)
    {
        var id = await StoreAsync(stockCsv, inventoryCheck);
        var connected = await Admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", Amazon.Connection());
        Assert.True(connected.IsSuccessStatusCode, await connected.Content.ReadAsStringAsync());
        return id;
    }

    protected async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    protected Task<JsonElement> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    protected Task<JsonElement> SyncAsync(int id) => PostAsync($"/api/instances/{id}/sync");

    protected Task<JsonElement> BulkAsync(int id, string action, params string[] numbers) =>
        // Amazon's shipment confirmation names each box's weight: Ship on a connected instance gives one.
        PostAsync($"/api/instances/{id}/orders/{action}", new { orderNumbers = numbers, weight = action == "ship" ? "1.5 LB" : null });

    /// <summary>The order in the <paramref name="status"/> list, or null while it is not (yet) there.</summary>
    protected async Task<JsonElement?> FindOrderAsync(int id, string status, string number) =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status={status}")).GetProperty("items").EnumerateArray()
        .Where(o => o.GetProperty("orderNumber").GetString() == number).Select(o => (JsonElement?)o).SingleOrDefault();

    /// <summary>The order in the <paramref name="status"/> list; fails the test when it is not there.</summary>
    protected async Task<JsonElement> OrderAsync(int id, string status, string number) =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status={status}")).GetProperty("items").EnumerateArray()
        .Single(o => o.GetProperty("orderNumber").GetString() == number);

    protected async Task<int> QuantityAsync(int id, string sku) =>
        // A search can match more than the one SKU, so the row is picked by its SKU rather than by position.
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory?search={sku}")).GetProperty("items").EnumerateArray()
        .Single(i => i.GetProperty("sku").GetString() == sku).GetProperty("quantity").GetInt32();

    /// <summary>Null when the order is absent or has nothing to tell Amazon (the field is then JSON null).</summary>
    protected static string? MarketplaceStatus(JsonElement? order) =>
        order is { } o && o.TryGetProperty("marketplaceStatus", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
}
