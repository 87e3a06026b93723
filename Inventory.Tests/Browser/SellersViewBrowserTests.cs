using Inventory.Domain.Instances;
using Inventory.Tests.TestSupport;
using Microsoft.Playwright;
using static Inventory.Tests.TestSupport.BrowserFixture;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Browser;

/// <summary>Low stock in the grid, and the order lines Inventory Check does not look at, as a seller sees them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SellersViewBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task TheDashboardsLowStockLink_ShowsTheLowItems_Highlighted_AndTheGridStillSortsByQuantity()
    {
        var store = await app.StoreAsync("Low store");
        await app.StockAsync(store.Id, ("LOW-1", 3), ("FULL-1", 50), ("ZERO-1", 0), ("MID-1", 20));
        await app.Instances.UpdateAsync(store.Id, new InstanceUpdate(LowStockThreshold: 5), app.User);

        var page = await app.OpenAsync($"/instances/{store.Id}/inventory?filter=low");

        await Expect(Row(page, "LOW-1")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("stock-low"));
        await Expect(Row(page, "LOW-1").Locator(".low-stock")).ToHaveTextAsync("low");
        await Expect(Row(page, "ZERO-1")).ToBeVisibleAsync();
        await Expect(Row(page, "FULL-1")).ToHaveCountAsync(0);
        await ScreenshotsAsync(page, "inventory-low-stock");

        await page.GetByLabel("Show").SelectOptionAsync(new SelectOptionValue { Label = "All items" });
        await Expect(Row(page, "FULL-1")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Columnheader, new() { Name = "Quantity" }).ClickAsync();
        await Expect(page.Locator(".stock-grid tbody tr").First).ToContainTextAsync("ZERO-1");
        // The seller's choice holds through the sort: the link's "low" does not come back.
        await Expect(Row(page, "FULL-1")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Show")).ToHaveValueAsync("");

        // Export is a menu of two downloads; the file comes, and the page stays where it was.
        await page.GetByRole(AriaRole.Button, new() { Name = "Export" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Menuitem, new() { Name = "Export .csv" }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Export .csv" })).ToHaveCountAsync(0);
        await Expect(Row(page, "FULL-1")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnOrderLineWhoseSkuIsNotTracked_SaysNotChecked_AndAnUnknownWarehouseIsFlagged()
    {
        var store = await app.StoreAsync("Blind store", inventoryCheck: true);
        await app.StockAsync(store.Id, ("KNOWN-1", 10));
        await app.SyncAsync(store.Id, "888-BLIND", DateTime.UtcNow, ("KNOWN-1", 1), ("UNKNOWN-1", 1));

        var page = await app.OpenAsync($"/instances/{store.Id}/orders/new");

        var row = Row(page, "888-BLIND");
        await Expect(row.Locator(".not-checked")).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("UNKNOWN-1 × 1");
        await ScreenshotsAsync(page, "orders-not-checked");
    }
}
