using System.Text.RegularExpressions;
using Inventory.Domain.Orders;
using Inventory.Tests.TestSupport;
using Microsoft.Playwright;
using static Inventory.Tests.TestSupport.BrowserFixture;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Browser;

/// <summary>Issue 26: a snackbar tells what happened without standing over the controls a seller clicks next.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SnackbarBrowserTests(BrowserFixture app)
{
    // Shorter than a snackbar's life (1 s in, 5 s shown, 2 s out): a click it intercepts fails instead of
    // landing once it has gone.
    private const float WhileItShows = 2_500;

    [Fact]
    public async Task WhileAnAcceptSnackbarShows_TheUserMenuOpens_AndAcceptActsAgain_OnADesktop()
    {
        var store = await app.StoreAsync("Snackbar store");
        await app.StockAsync(store.Id, ("MUG-1", 10));
        await app.SyncAsync(store.Id, "111-FIRST", DateTime.UtcNow.AddMinutes(-3), ("MUG-1", 1));
        await app.SyncAsync(store.Id, "222-SECOND", DateTime.UtcNow.AddMinutes(-2), ("MUG-1", 1));
        await app.SyncAsync(store.Id, "333-THIRD", DateTime.UtcNow.AddMinutes(-1), ("MUG-1", 1));
        var page = await app.OpenAsync($"/instances/{store.Id}/orders/new");
        await page.SetViewportSizeAsync(1400, 900);

        await Row(page, "111-FIRST").GetByRole(AriaRole.Checkbox).CheckAsync();
        await Accept(page).ClickAsync();
        var snackbar = page.Locator(".mud-snackbar").Filter(new() { HasText = "1 order(s) moved, 0 stopped" });
        await Expect(snackbar).ToBeVisibleAsync();
        await Expect(snackbar).ToHaveAttributeAsync("role", new Regex("^(alert|status)$")); // still announced
        Assert.Empty(await CoveredControlsAsync(page));

        // A seller's click lands anywhere on a button, not only at its centre: the menu's lower edge, Accept's upper one.
        await ClickAsync(page.GetByLabel("User menu"), atTop: false);
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Instances" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Instances" })).ToHaveCountAsync(0);

        // Selecting and the button's enabling are the circuit's round trips, which a busy machine slows: only
        // the click itself is held to the snackbar's life.
        await Row(page, "222-SECOND").GetByRole(AriaRole.Checkbox).CheckAsync();
        await Expect(Accept(page)).ToBeEnabledAsync();
        await ClickAsync(Accept(page), atTop: true);
        await Expect(Row(page, "222-SECOND")).ToHaveCountAsync(0);
        Assert.Equal(OrderStatus.Accepted, (await app.Orders.GetAsync(store.Id, "222-SECOND", app.User))!.Status);
        await Expect(Row(page, "333-THIRD")).ToBeVisibleAsync();

        await Expect(snackbar.Last).ToHaveCSSAsync("opacity", "0.95"); // the second one, shown in full, for the screenshot
        await ScreenshotsAsync(page, "snackbar-orders-desktop");
    }

    [Fact]
    public async Task OnAPhone_ASnackbarCoversNoControl_OfTheOrdersOrTheInventoryPage()
    {
        var store = await app.StoreAsync("Snackbar phone store");
        await app.StockAsync(store.Id, Enumerable.Range(1, 12).Select(i => ($"CUP-{i:00}", 5 + i)).ToArray());
        for (var i = 1; i <= 8; i++)
            await app.SyncAsync(store.Id, $"{i}00-PHONE", DateTime.UtcNow.AddMinutes(-i), ($"CUP-{i:00}", 1));
        var page = await app.OpenAsync($"/instances/{store.Id}/orders/new");
        await page.SetViewportSizeAsync(390, 844);

        await Row(page, "100-PHONE").GetByRole(AriaRole.Checkbox).CheckAsync();
        await Accept(page).ClickAsync();
        await ExpectCoversNothingAsync(page, page.Locator(".mud-snackbar").Filter(new() { HasText = "1 order(s) moved" }), "snackbar-orders-phone");

        await GoAsync(page, $"/instances/{store.Id}/inventory");
        await Row(page, "CUP-01").GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear Inventory" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Clear Inventory" }).ClickAsync();
        await ExpectCoversNothingAsync(page, page.Locator(".mud-snackbar").Filter(new() { HasText = "Cleared 1 item(s)" }), "snackbar-inventory-phone");
    }

    /// <summary>A normal click (the pointer must reach the control) a few pixels inside its top or bottom edge.</summary>
    private static async Task ClickAsync(ILocator control, bool atTop)
    {
        var box = await control.BoundingBoxAsync() ?? throw new InvalidOperationException("The control is not shown.");
        await control.ClickAsync(new() { Timeout = WhileItShows, Position = new() { X = box.Width / 2, Y = atTop ? 4 : box.Height - 4 } });
    }

    /// <summary>The snackbar lies over no control with the page at its top, nor scrolled to its end (the grid's pager).</summary>
    private static async Task ExpectCoversNothingAsync(IPage page, ILocator snackbar, string screenshot)
    {
        await Expect(snackbar).ToHaveCSSAsync("opacity", "0.95"); // shown in full, for the screenshot
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder, $"{screenshot}-top.png") });
        Assert.Empty(await CoveredControlsAsync(page));

        await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
        await Expect(page.Locator(".mud-table-pagination")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(snackbar).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder, $"{screenshot}-end.png") });
        Assert.Empty(await CoveredControlsAsync(page));
    }

    private static ILocator Accept(IPage page) => page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Accept") });

    /// <summary>The visible controls (buttons, links, fields, tabs) that a showing snackbar lies over.</summary>
    private static Task<string[]> CoveredControlsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
            const snackbars = [...document.querySelectorAll('.mud-snackbar')].map(s => [s, s.getBoundingClientRect()]);
            const controls = document.querySelectorAll('button, a[href], input, select, textarea, [role=tab], [role=checkbox], [role=menuitem], [tabindex]:not([tabindex="-1"])');
            const covered = [];
            for (const control of controls) {
                if (control.closest('.mud-snackbar') || getComputedStyle(control).visibility === 'hidden') continue;
                const r = control.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) continue;
                for (const [, s] of snackbars)
                    if (r.left < s.right && r.right > s.left && r.top < s.bottom && r.bottom > s.top)
                        covered.push((control.getAttribute('aria-label') || control.textContent || control.tagName).trim().slice(0, 40));
            }
            return covered;
        }
        """);
}
