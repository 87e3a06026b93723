using Inventory.Tests.TestSupport;
using Microsoft.Playwright;
using static Inventory.Tests.TestSupport.BrowserFixture;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Browser;

/// <summary>The dashboard to look at: its charts are drawn, and follow the stock and orders live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardChartsBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task TheChartsRender_AndFollowAnAcceptLive_InLightAndDarkMode()
    {
        var store = await app.StoreAsync("Chart store", inventoryCheck: true);
        await app.StockAsync(store.Id, ("CHART-1", 5), ("CHART-2", 0));
        var order = (await app.SyncAsync(store.Id, "777-CHART", DateTime.UtcNow, ("CHART-1", 2))).OrderId!.Value;
        var page = await app.OpenAsync("/");

        await page.GetByLabel("Show").SelectOptionAsync(new SelectOptionValue { Label = "Chart store" });
        var orders = page.Locator(".dashboard-orders svg");
        var stock = page.Locator(".dashboard-stock svg");
        await Expect(orders.First).ToBeVisibleAsync();
        await Expect(stock.First).ToBeVisibleAsync();
        await Expect(page.Locator(".stock-health-links")).ToContainTextAsync("At zero 1");
        var before = await orders.First.InnerHTMLAsync();

        await app.Acceptance.AcceptAsync(store.Id, [order], app.User);

        // The orders chart redraws with today's accept, without a reload.
        await Expect(orders.First).Not.ToHaveJSPropertyAsync("innerHTML", before);
        await Expect(page.Locator(".dashboard-card[data-instance='" + store.Id + "'] .count-accepted")).ToHaveTextAsync("1");
        await ScreenshotsAsync(page, "dashboard-charts");

        // Each stock-health count opens the instance's grid filtered that way.
        await page.Locator(".stock-health-links").GetByRole(AriaRole.Link, new() { Name = "At zero 1" }).ClickAsync();
        await Expect(Row(page, "CHART-2")).ToBeVisibleAsync();
        await Expect(Row(page, "CHART-1")).ToHaveCountAsync(0);
    }
}
