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
public sealed class AmazonCancellationApiTests(AmazonAppFactory app) : AmazonApiTests(app)
{
    [Fact]
    public async Task AnAcceptedOrderAmazonCancels_IsCancelledByTheNextSync_RestockedAndRefusedEveryAction()
    {
        var id = await ConnectedStoreAsync();
        // Three days old: far outside the window the sync asks for NEW orders once it has synced before.
        Amazon.AddOrder("POCANCEL1", "LAX1", TimeSpan.FromDays(3), ("WIDGET-1", 4));
        await PostAsync($"/api/instances/{id}/sync");
        await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "POCANCEL1" } });
        Assert.Equal(6, await QuantityAsync(id, "WIDGET-1"));
        Amazon.AddOrder("POKEEP1", "LAX1", ("WIDGET-1", 1));
        await PostAsync($"/api/instances/{id}/sync");

        Amazon.CancelOrder("POCANCEL1");
        var synced = await PostAsync($"/api/instances/{id}/sync");

        Assert.Contains(synced.GetProperty("orders").EnumerateArray(),
            o => o.GetProperty("orderNumber").GetString() == "POCANCEL1" && o.GetProperty("outcome").GetString() == "Cancelled");
        var cancelled = await FindOrderAsync(id, "cancelled", "POCANCEL1");
        Assert.NotNull(cancelled);
        Assert.Equal("Cancelled by Amazon", cancelled.Value.GetProperty("cancelReason").GetString());
        Assert.Equal(10, await QuantityAsync(id, "WIDGET-1"));
        Assert.NotNull(await FindOrderAsync(id, "new", "POKEEP1"));

        var accept = await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "POCANCEL1" } });
        var label = await PostAsync($"/api/instances/{id}/orders/label", new { orderNumbers = new[] { "POCANCEL1" } });
        Assert.Equal(0, accept.GetProperty("moved").GetInt32());
        Assert.Equal(0, label.GetProperty("moved").GetInt32());
        Assert.Equal(10, await QuantityAsync(id, "WIDGET-1"));
        Assert.Equal("Cancelled", (await FindOrderAsync(id, "cancelled", "POCANCEL1"))!.Value.GetProperty("status").GetString());
        Assert.DoesNotContain(Amazon.LabelRequests, l => l.PurchaseOrderNumber == "POCANCEL1");
    }

    [Fact]
    public async Task ANewOrderAmazonCancels_IsCancelledWithNothingToRestock_AndASecondSyncChangesNothing()
    {
        var id = await ConnectedStoreAsync();
        Amazon.AddOrder("PONEWCANCEL", "LAX1", ("WIDGET-1", 2));
        await PostAsync($"/api/instances/{id}/sync");

        Amazon.CancelOrder("PONEWCANCEL");
        await PostAsync($"/api/instances/{id}/sync");
        var again = await PostAsync($"/api/instances/{id}/sync");

        Assert.Equal("Cancelled by Amazon", (await FindOrderAsync(id, "cancelled", "PONEWCANCEL"))!.Value.GetProperty("cancelReason").GetString());
        Assert.Null(await FindOrderAsync(id, "new", "PONEWCANCEL"));
        Assert.Equal(10, await QuantityAsync(id, "WIDGET-1"));
        Assert.DoesNotContain(again.GetProperty("orders").EnumerateArray(), o => o.GetProperty("orderNumber").GetString() == "PONEWCANCEL");
    }

    [Fact]
    public async Task ACancelledOrdersLabel_IsWithdrawn()
    {
        var created = await Admin.PostAsJsonAsync("/api/instances", new { name = "Own labels", platform = "Other", defaultWarehouse = "LAX1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await PostAsync($"/api/instances/{id}/orders", new[] { new { orderNumber = "LABELLED-1", lines = new[] { new { sku = "ANY-1", quantity = 1 } } } });
        await PostAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "LABELLED-1" } });
        await PostAsync($"/api/instances/{id}/orders/label", new { orderNumbers = new[] { "LABELLED-1" } });
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync($"/api/instances/{id}/orders/LABELLED-1/label")).StatusCode);

        await PostAsync($"/api/instances/{id}/orders/cancel", new { orderNumbers = new[] { "LABELLED-1" }, reason = "Customer changed their mind" });

        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/instances/{id}/orders/LABELLED-1/label")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/instances/{id}/orders/LABELLED-1/label.pdf")).StatusCode);
    }
}
