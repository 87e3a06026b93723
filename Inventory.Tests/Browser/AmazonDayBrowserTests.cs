using Inventory.Domain.Marketplace;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Inventory.Tests.TestSupport.BrowserFixture;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Browser;

/// <summary>
/// A vendor's Direct Fulfillment day in the browser, against the stand-in that holds every body to Amazon's models:
/// Sync now → Accept → confirmed by Amazon → Create label → Ship → Shipped, while Amazon cancels another order.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AmazonDayBrowserTests(BrowserFixture app)
{
    // Amazon's shipping model allows only letters and digits in a purchase order number.
    private const string Kept = "PODAY1";
    private const string CancelledByAmazon = "PODAY2";

    [Fact]
    public async Task SyncAcceptConfirmLabelShip_EndsInShipped_WhileAmazonCancelsAnotherOrder_WhichIsRestocked()
    {
        await using var amazon = await FakeSellingPartnerApi.StartAsync();
        app.Live.AllowAmazon(amazon.Endpoint);
        var store = await app.StoreAsync("Amazon day");
        await app.StockAsync(store.Id, ("WIDGET-1", 10));
        amazon.AddOrder(Kept, store.DefaultWarehouse, ("WIDGET-1", 2));
        amazon.AddOrder(CancelledByAmazon, store.DefaultWarehouse, ("WIDGET-1", 3));
        var connections = app.Services.GetRequiredService<MarketplaceConnections>();
        await connections.SaveAsync(store.Id, new MarketplaceConnectionInput(MarketplaceKind.AmazonDirectFulfillment, AmazonRegion.NA,
            amazon.Endpoint.ToString(), amazon.TokenEndpoint.ToString(), FakeSellingPartnerApi.ClientId, FakeSellingPartnerApi.ClientSecret,
            FakeSellingPartnerApi.RefreshToken, FakeSellingPartnerApi.SellingPartyId), app.User);

        // Morning: Sync now brings both purchase orders; the vendor accepts them.
        var page = await app.OpenAsync($"/instances/{store.Id}/orders/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        // The first call of the day fetches Login with Amazon's token and a Restricted Data Token: give it the time a busy machine needs.
        await Expect(page.GetByText("order(s) synced")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Row(page, Kept).GetByRole(AriaRole.Checkbox).CheckAsync();
        await Row(page, CancelledByAmazon).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept (2)" }).ClickAsync();
        await Expect(page.GetByText("2 order(s) moved")).ToBeVisibleAsync();
        Assert.Equal(5, await app.QuantityAsync(store.Id, "WIDGET-1"));

        // Amazon processes the acknowledgements: the Accepted list says so live, without a reload.
        await GoAsync(page, $"/instances/{store.Id}/orders/accepted");
        await Expect(Row(page, Kept).Locator(".order-confirmed")).ToHaveTextAsync("confirmed by Amazon", new() { Timeout = 15_000 });

        // Meanwhile the customer cancels the other order at Amazon; the next sync brings the cancellation.
        amazon.CancelOrder(CancelledByAmazon);
        await GoAsync(page, $"/instances/{store.Id}/orders/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await Expect(page.GetByText("order(s) synced")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await GoAsync(page, $"/instances/{store.Id}/orders/cancelled");
        await Expect(Row(page, CancelledByAmazon)).ToContainTextAsync("Cancelled by Amazon");
        Assert.Equal(8, await app.QuantityAsync(store.Id, "WIDGET-1")); // its 3 units back on the shelf (rule 11)

        // Afternoon: Amazon's label for the kept order, then Ship once the parcel has left.
        await GoAsync(page, $"/instances/{store.Id}/orders/accepted");
        await Expect(Row(page, CancelledByAmazon)).ToHaveCountAsync(0);
        await Row(page, Kept).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create label (1)" }).ClickAsync();
        await Expect(page.GetByText("1 order(s) labelled")).ToBeVisibleAsync();

        await GoAsync(page, $"/instances/{store.Id}/orders/awaiting");
        await Expect(Row(page, Kept)).ToContainTextAsync("1ZAMZ" + Kept);
        await Row(page, Kept).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ship (1)" }).ClickAsync();
        // Amazon's shipment confirmation names each box's weight: the dialog asks for it, at the keyboard.
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Weight per box").FillAsync("2.5 LB");
        await dialog.GetByLabel("Weight per box").PressAsync("Enter");
        await Expect(page.GetByText("1 shipment(s) sent to Amazon")).ToBeVisibleAsync();

        // The order moves to Shipped only once Amazon has confirmed the shipment.
        await GoAsync(page, $"/instances/{store.Id}/orders/shipped");
        await Expect(Row(page, Kept)).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await ScreenshotsAsync(page, "amazon-day-shipped");

        var confirmation = Assert.Single(amazon.ShipmentConfirmations)["shipmentConfirmations"]?[0];
        Assert.Equal(Kept, confirmation?["purchaseOrderNumber"]?.GetValue<string>());
        Assert.Equal("SHIPPED", confirmation?["shipmentDetails"]?["shipmentStatus"]?.GetValue<string>());
        Assert.Equal("2.5", confirmation?["containers"]?[0]?["weight"]?["value"]?.GetValue<string>());
        // Nothing was ever sent for the cancelled order after its acknowledgement: no label, no shipment.
        Assert.DoesNotContain(amazon.LabelRequests, r => r.PurchaseOrderNumber == CancelledByAmazon);
        amazon.AssertKeptToTheModel();
        Assert.Equal(8, await app.QuantityAsync(store.Id, "WIDGET-1"));

        await connections.DisconnectAsync(store.Id, app.User);
    }
}
