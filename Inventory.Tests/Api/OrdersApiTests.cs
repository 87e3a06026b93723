using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Api;

public sealed class OrdersApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<int> StoreAsync(bool inventoryCheck = false, bool autoLabel = false, string stockCsv = "SKU,Quantity\nSKU-1,5\n")
    {
        var created = await _client.PostAsJsonAsync("/api/instances", new { name = "Orders store", platform = "Amazon", defaultWarehouse = "LAX1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await _client.PatchAsJsonAsync($"/api/instances/{id}", new { inventoryCheck, autoLabel });
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(stockCsv)), "file", "stock.csv" } };
        (await _client.PostAsync($"/api/instances/{id}/inventory/import", form)).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<JsonElement> PushAsync(int id, object orders) =>
        await (await _client.PostAsJsonAsync($"/api/instances/{id}/orders", orders)).Content.ReadFromJsonAsync<JsonElement>();

    private static object Order(string number, string sku = "SKU-1", int quantity = 1) =>
        new { orderNumber = number, orderedAt = "2026-11-27T10:00:00Z", lines = new[] { new { sku, quantity } } };

    [Fact]
    public async Task Push_MixedBatch_ValidOrdersGoThroughAndInvalidOnesAreRejectedWithTheField()
    {
        var id = await StoreAsync(inventoryCheck: true, autoLabel: true);

        var outcomes = await PushAsync(id, new object[]
        {
            Order("OK-1", quantity: 2),
            new { orderNumber = "BAD-QTY", lines = new[] { new { sku = "SKU-1", quantity = 0 } } },
            Order("SHORT-1", quantity: 9),
            new { orderNumber = "BAD-TYPE", lines = new[] { new { sku = "SKU-1", quantity = "two" } } },
            new { orderNumber = "", lines = new[] { new { sku = "SKU-1", quantity = 1 } } },
            new { orderNumber = "NO-LINES", lines = Array.Empty<object>() },
            new { orderNumber = "MISSING-LINES" },
        });

        var byNumber = outcomes.EnumerateArray().ToList();
        Assert.Equal(7, byNumber.Count);
        Assert.Equal("Awaiting", byNumber[0].GetProperty("status").GetString());
        Assert.Equal(("Rejected", "Quantity"), (byNumber[1].GetProperty("status").GetString(), byNumber[1].GetProperty("field").GetString()));
        Assert.Equal(("New", "No inventory"), (byNumber[2].GetProperty("status").GetString(), byNumber[2].GetProperty("error").GetString()));
        Assert.Equal(9, byNumber[2].GetProperty("shortages")[0].GetProperty("needed").GetInt32());
        Assert.Equal("lines[0].quantity", byNumber[3].GetProperty("field").GetString());
        Assert.Equal("Order number", byNumber[4].GetProperty("field").GetString());
        Assert.Equal("Lines", byNumber[5].GetProperty("field").GetString());
        Assert.Equal(("Rejected", "Lines"), (byNumber[6].GetProperty("status").GetString(), byNumber[6].GetProperty("field").GetString()));
    }

    [Fact]
    public async Task Push_SameOrderTwice_IsReportedAsItStandsAndDeductedOnce()
    {
        var id = await StoreAsync(autoLabel: true);

        await PushAsync(id, new[] { Order("TWICE", quantity: 2) });
        var again = await PushAsync(id, new[] { Order("TWICE", quantity: 2) });

        Assert.Equal("Awaiting", again[0].GetProperty("status").GetString());
        var stock = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory?search=SKU-1");
        Assert.Equal(3, stock.GetProperty("items")[0].GetProperty("quantity").GetInt32());
    }

    [Theory]
    [InlineData("{ \"orderNumber\": \"X\" }")]
    [InlineData("not json")]
    public async Task Push_BodyNotAnArrayOfOrders_Is400(string body)
    {
        var id = await StoreAsync();

        var response = await _client.PostAsync($"/api/instances/{id}/orders", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Push_UnknownInstance_Is404()
    {
        var response = await _client.PostAsJsonAsync("/api/instances/99999/orders", new[] { Order("A") });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ListAcceptLabelAndLabelPdf_FollowTheOrderThroughItsLists()
    {
        var id = await StoreAsync(inventoryCheck: true);
        await PushAsync(id, new[] { Order("FLOW-1", quantity: 2), Order("FLOW-2", quantity: 9) });

        var accept = await (await _client.PostAsJsonAsync($"/api/instances/{id}/orders/accept",
            new { orderNumbers = new[] { "FLOW-1", "FLOW-2", "NOPE" } })).Content.ReadFromJsonAsync<JsonElement>();
        var label = await (await _client.PostAsJsonAsync($"/api/instances/{id}/orders/label",
            new { orderNumbers = new[] { "FLOW-1" } })).Content.ReadFromJsonAsync<JsonElement>();
        var awaiting = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=awaiting");
        var pdf = await _client.GetAsync($"/api/instances/{id}/orders/FLOW-1/label.pdf");
        var noLabel = await _client.GetAsync($"/api/instances/{id}/orders/FLOW-2/label.pdf");

        Assert.Equal((1, 1), (accept.GetProperty("moved").GetInt32(), accept.GetProperty("stopped").GetInt32()));
        Assert.Contains(accept.GetProperty("orders").EnumerateArray(), o => o.GetProperty("orderNumber").GetString() == "NOPE" && o.GetProperty("status").GetString() == "Rejected");
        Assert.Equal(1, label.GetProperty("moved").GetInt32());
        Assert.Equal("FLOW-1", awaiting.GetProperty("items")[0].GetProperty("orderNumber").GetString());
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]));
        Assert.Equal(HttpStatusCode.NotFound, noLabel.StatusCode);
    }

    [Fact]
    public async Task Cancel_RestocksAndListsTheOrderAsCancelled_AndNeedsAReason()
    {
        var id = await StoreAsync();
        await PushAsync(id, new[] { Order("CXL-1", quantity: 2) });
        await _client.PostAsJsonAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "CXL-1" } });

        var noReason = await _client.PostAsJsonAsync($"/api/instances/{id}/orders/cancel", new { orderNumbers = new[] { "CXL-1" } });
        var cancel = await _client.PostAsJsonAsync($"/api/instances/{id}/orders/cancel", new { orderNumbers = new[] { "CXL-1" }, reason = "out of stock at supplier" });
        var cancelled = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=cancelled");
        var stock = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory?search=SKU-1");

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("CXL-1", cancelled.GetProperty("items")[0].GetProperty("orderNumber").GetString());
        Assert.Equal(5, stock.GetProperty("items")[0].GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task List_BadStatus_Is400_AndAcceptWithoutNumbers_Is400()
    {
        var id = await StoreAsync();

        var list = await _client.GetAsync($"/api/instances/{id}/orders?status=lost");
        var accept = await _client.PostAsJsonAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = Array.Empty<string>() });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (list.StatusCode, accept.StatusCode));
    }

    [Fact]
    public async Task SyncNow_WithoutASource_Is409WithAHint_AndWithTheSimulatedStoreBringsOrders()
    {
        var id = await StoreAsync();

        var refused = await _client.PostAsync($"/api/instances/{id}/sync", null);
        await _client.PatchAsJsonAsync($"/api/instances/{id}", new { simulateOrders = true });
        var synced = await _client.PostAsync($"/api/instances/{id}/sync", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, synced.StatusCode);
        Assert.NotEmpty((await synced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orders").EnumerateArray());
    }
}
