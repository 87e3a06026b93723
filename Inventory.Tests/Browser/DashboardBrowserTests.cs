using System.Diagnostics;
using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Inventory.Tests.TestSupport.BrowserFixture;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Browser;

/// <summary>The spec's procedures, done as a seller would, in real Chromium against the running app.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture app, ITestOutputHelper output) : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task UpdateInventory_DragAndDropXlsx_ShowsImportedStock_AndABadFileChangesNothing()
    {
        var store = await app.StoreAsync("Drop store");
        await app.StockAsync(store.Id, ("KEEP-1", 4));
        var page = await app.OpenAsync($"/instances/{store.Id}/inventory");
        await Expect(Row(page, "KEEP-1")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Update Inventory" }).ClickAsync();
        await DropFileAsync(page, _files.Xlsx("good.xlsx", ["Warehouse", "SKU", "Quantity"], ["LAX1", "MUG-1", 12d], [null, "00123", 3d]));

        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.Locator(".import-preview")).ToContainTextAsync("creates 2");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(dialog.Locator(".import-success")).ToContainTextAsync("2 created, 0 updated, 0 unchanged");
        await Expect(dialog.Locator(".imported-items")).ToContainTextAsync("MUG-1");
        await Expect(dialog.Locator(".imported-items")).ToContainTextAsync("00123");
        await BrowserFixture.ScreenshotsAsync(page, "inventory-import-result");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(Row(page, "MUG-1")).ToContainTextAsync("12");

        await page.GetByRole(AriaRole.Button, new() { Name = "Update Inventory" }).ClickAsync();
        await DropFileAsync(page, _files.Xlsx("bad.xlsx", ["SKU", "Quantity"], ["MUG-1", 99d], ["CUP-1", -5d]));

        await Expect(dialog.Locator(".import-failure")).ToContainTextAsync("Nothing was changed");
        await Expect(dialog.Locator(".import-errors")).ToContainTextAsync("negative");
        await Expect(dialog.GetByText("Download bad rows (.csv)")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotsAsync(page, "inventory-import-errors");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(Row(page, "MUG-1")).ToContainTextAsync("12");
        Assert.Equal(12, await app.QuantityAsync(store.Id, "MUG-1"));
        await BrowserFixture.ScreenshotsAsync(page, "inventory");
    }

    [Fact]
    public async Task InventoryCheckOn_AcceptStopsTheShortOrder_MovesTheOther_ThenClearInventoryLetsTheShortOneThrough()
    {
        var store = await app.StoreAsync("Check store");
        await app.StockAsync(store.Id, ("SHORT-1", 1), ("PLENTY-1", 10));
        await app.SyncAsync(store.Id, "111-SHORT", DateTime.UtcNow.AddMinutes(-2), ("SHORT-1", 3));
        await app.SyncAsync(store.Id, "222-FINE", DateTime.UtcNow.AddMinutes(-1), ("PLENTY-1", 4));
        var page = await app.OpenAsync("/");

        // Instances from the username menu → Edit → flip Inventory Check on.
        await page.GetByLabel("User menu").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Instances" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit Check store" }).ClickAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Switch, new() { Name = "Inventory Check" }).ClickAsync();
        await Expect(page.GetByText("Inventory Check is on.")).ToBeVisibleAsync();
        Assert.True((await app.Instances.GetAsync(store.Id, app.User)).InventoryCheck);
        await BrowserFixture.ScreenshotsAsync(page, "instance-edit");

        // Orders NEW → select both → Accept.
        await BrowserFixture.GoAsync(page, $"/instances/{store.Id}/orders/new");
        await Row(page, "111-SHORT").GetByRole(AriaRole.Checkbox).CheckAsync();
        await Row(page, "222-FINE").GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept (2)" }).ClickAsync();

        await Expect(page.GetByText("1 order(s) moved, 1 stopped")).ToBeVisibleAsync();
        await Expect(Row(page, "111-SHORT")).ToContainTextAsync("No inventory");
        await Expect(Row(page, "222-FINE")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotsAsync(page, "orders-new");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Accepted" }).ClickAsync();
        await Expect(Row(page, "222-FINE")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotsAsync(page, "orders-accepted");

        // The inventory grid shows the deduction.
        await BrowserFixture.GoAsync(page, $"/instances/{store.Id}/inventory");
        await Expect(Row(page, "PLENTY-1")).ToContainTextAsync("6");

        // Clear Inventory → confirm → the grid is empty → the short order now goes through.
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear Inventory" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("2 item(s) will stop being checked");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Clear Inventory" }).ClickAsync();
        await Expect(page.GetByText("No stock items")).ToBeVisibleAsync();
        await BrowserFixture.GoAsync(page, $"/instances/{store.Id}/orders/new");
        await Row(page, "111-SHORT").GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept (1)" }).ClickAsync();
        await Expect(page.GetByText("1 order(s) moved, 0 stopped")).ToBeVisibleAsync();
        Assert.Equal(OrderStatus.Accepted, (await app.Orders.GetAsync(store.Id, "111-SHORT", app.User))!.Status);
    }

    [Fact]
    public async Task AutoLabelOn_ShortSyncLandsInNewWithNoInventory_SufficientOneInAwaitingWithALabel_ThenShipsToShipped()
    {
        var store = await app.StoreAsync("Label store", inventoryCheck: true, autoLabel: true);
        await app.StockAsync(store.Id, ("LBL-1", 5));
        var page = await app.OpenAsync($"/instances/{store.Id}/orders/new");

        await app.SyncAsync(store.Id, "333-SHORT", DateTime.UtcNow, ("LBL-1", 9));
        await app.SyncAsync(store.Id, "444-LABEL", DateTime.UtcNow, ("LBL-1", 2));

        await Expect(Row(page, "333-SHORT")).ToContainTextAsync("No inventory"); // arrived live, no reload
        await page.GetByRole(AriaRole.Tab, new() { Name = "Awaiting" }).ClickAsync();
        var label = (await app.Orders.GetAsync(store.Id, "444-LABEL", app.User))!.TrackingNumber!;
        await Expect(Row(page, "444-LABEL")).ToContainTextAsync(label);
        await BrowserFixture.ScreenshotsAsync(page, "orders-awaiting");

        // Ship: without a marketplace connection the order moves to the Shipped tab at once.
        await Row(page, "444-LABEL").GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ship (1)" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Ship", Exact = true }).ClickAsync();
        await Expect(page.GetByText("1 order(s) shipped")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Shipped" }).ClickAsync();
        await Expect(Row(page, "444-LABEL")).ToContainTextAsync(label);
    }

    [Fact]
    public async Task LiveRefresh_KeepsTheGridsPageSearchAndSelection()
    {
        var store = await app.StoreAsync("Paging store");
        // Five items the search leaves out: "of 60" then proves the debounced search has been applied,
        // so it cannot land after "Next page" and take the grid back to page 1.
        await app.StockAsync(store.Id, Enumerable.Range(1, 60).Select(i => ($"PAGE-{i:000}", i))
            .Concat(Enumerable.Range(1, 5).Select(i => ($"OTHER-{i}", i))).ToArray());
        var page = await app.OpenAsync($"/instances/{store.Id}/inventory");
        await Expect(page.Locator(".mud-table-pagination")).ToContainTextAsync("1-25 of 65");
        await page.GetByPlaceholder("Search SKU").FillAsync("page-");
        await Expect(page.Locator(".mud-table-pagination")).ToContainTextAsync("1-25 of 60");
        await page.GetByLabel("Next page").ClickAsync();
        await Expect(page.Locator(".mud-table-pagination")).ToContainTextAsync("26-50 of 60");
        await Row(page, "PAGE-030").GetByRole(AriaRole.Checkbox).CheckAsync();

        // Another user's import changes an item on this page; the grid refreshes in place.
        await app.StockAsync(store.Id, ("PAGE-031", 999));

        await Expect(Row(page, "PAGE-031")).ToContainTextAsync("999");
        await Expect(page.Locator(".mud-table-pagination")).ToContainTextAsync("26-50 of 60");
        await Expect(page.GetByPlaceholder("Search SKU")).ToHaveValueAsync("page-");
        await Expect(Row(page, "PAGE-030").GetByRole(AriaRole.Checkbox)).ToBeCheckedAsync();
        await Expect(page.GetByText("1 selected")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task OrdersPage_SyncNowFromTheSimulatedStore_ThenCancelPutsTheStockBack()
    {
        var store = await app.StoreAsync("Sync store", autoLabel: true);
        await app.StockAsync(store.Id, ("SIM-1", 1000));
        await app.Instances.UpdateAsync(store.Id, new InstanceUpdate(SimulateOrders: true), Actor.System);
        var page = await app.OpenAsync($"/instances/{store.Id}/orders/awaiting");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await Expect(page.GetByText("order(s) synced")).ToBeVisibleAsync();
        var first = page.Locator("tbody tr.mud-table-row").First;
        await Expect(first).ToContainTextAsync("1ZINV");
        var orderNumber = (await first.Locator("td").Nth(1).InnerTextAsync()).Trim();
        // From here on the row is found by its order number: the background sync keeps adding orders,
        // and a newer one may sort above it, so "the first row" is not the same order for long.
        var row = Row(page, orderNumber);

        await row.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel orders (1)" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("Reason").FillAsync("buyer changed their mind");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel orders" }).ClickAsync();

        await Expect(page.GetByText("order(s) cancelled")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Cancelled" }).ClickAsync();
        await Expect(Row(page, orderNumber)).ToContainTextAsync("buyer changed their mind");
        // The background sync may add orders meanwhile, so judge by this order's own ledger rows:
        // what its accept took, its cancel put back.
        var ledger = (await app.Stock.MovementsAsync(store.Id, app.User)).Where(m => m.OrderNumber == orderNumber).ToList();
        Assert.Equal(-ledger.Where(m => m.Reason == MovementReason.Accept).Sum(m => m.Change),
            ledger.Where(m => m.Reason == MovementReason.Restock).Sum(m => m.Change));
        Assert.Equal(OrderStatus.Cancelled, (await app.Orders.GetAsync(store.Id, orderNumber, app.User))!.Status);
        await BrowserFixture.ScreenshotsAsync(page, "orders-cancelled");
    }

    [Fact]
    public async Task TwoBrowsers_AnImportAndAnAcceptInOne_AppearInTheOtherWithoutReload()
    {
        var store = await app.StoreAsync("Shared store");
        await app.StockAsync(store.Id, ("LIVE-1", 10));
        await app.SyncAsync(store.Id, "555-LIVE", DateTime.UtcNow, ("LIVE-1", 3));
        var first = await app.OpenAsync($"/instances/{store.Id}/inventory");
        var second = await app.OpenAsync($"/instances/{store.Id}/inventory");
        await Expect(Row(second, "LIVE-1")).ToContainTextAsync("10");

        await first.GetByRole(AriaRole.Button, new() { Name = "Update Inventory" }).ClickAsync();
        var clock = Stopwatch.StartNew();
        await DropFileAsync(first, _files.Csv("SKU,Quantity\nLIVE-2,7\n", name: "live.csv"));
        await first.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(Row(second, "LIVE-2")).ToContainTextAsync("7");
        output.WriteLine($"import in one browser → other browser's grid updated after {clock.ElapsedMilliseconds} ms");

        await BrowserFixture.GoAsync(first, $"/instances/{store.Id}/orders/new");
        await Row(first, "555-LIVE").GetByRole(AriaRole.Checkbox).CheckAsync();
        clock.Restart();
        await first.GetByRole(AriaRole.Button, new() { Name = "Accept (1)" }).ClickAsync();
        await Expect(Row(second, "LIVE-1")).ToContainTextAsync("7");
        output.WriteLine($"accept in one browser → other browser's grid updated after {clock.ElapsedMilliseconds} ms");

        var dashboard = await app.OpenAsync("/");
        await BrowserFixture.ScreenshotsAsync(dashboard, "dashboard");
        await BrowserFixture.GoAsync(dashboard, "/instances");
        await BrowserFixture.ScreenshotsAsync(dashboard, "instances");
    }
}
