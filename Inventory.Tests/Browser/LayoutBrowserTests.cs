using Inventory.Tests.TestSupport;
using Microsoft.Playwright;
using static Inventory.Tests.TestSupport.BrowserFixture;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Browser;

/// <summary>The layout's drawer, as a seller at a desk and one on a phone see it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task TheDrawer_IsOpenOnAWideScreen_AndOnAPhoneOpensOverThePage_ClosingWhenALinkIsFollowedOrThePageTapped()
    {
        await app.StoreAsync("Drawer store");
        var page = await app.OpenAsync("/");
        var drawerLink = page.Locator("nav.mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Instances" });

        // A wide screen: open beside the page; Menu hides it and shows it again.
        await Expect(drawerLink).ToBeInViewportAsync(new() { Ratio = 1 });
        await Menu(page).ClickAsync();
        await Expect(drawerLink).Not.ToBeInViewportAsync();
        await Menu(page).ClickAsync();
        await Expect(drawerLink).ToBeInViewportAsync(new() { Ratio = 1 });

        // A phone: closed, so the page has the whole width; Menu opens it over the page.
        await page.SetViewportSizeAsync(400, 800);
        await Expect(drawerLink).Not.ToBeInViewportAsync();
        await Menu(page).ClickAsync();
        await Expect(drawerLink).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(page.Locator(".mud-drawer-overlay")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, "drawer-phone-light.png") });

        await drawerLink.ClickAsync();
        await page.WaitForURLAsync("**/instances");
        await Expect(drawerLink).Not.ToBeInViewportAsync();
        await Expect(page.Locator(".mud-drawer-overlay")).ToHaveCountAsync(0);

        // A tap on the page beside the open drawer closes it too.
        await Menu(page).ClickAsync();
        await Expect(drawerLink).ToBeInViewportAsync(new() { Ratio = 1 });
        await page.Locator(".mud-drawer-overlay").ClickAsync(new() { Position = new Position { X = 350, Y = 400 } });
        await Expect(drawerLink).Not.ToBeInViewportAsync();
    }

    private static ILocator Menu(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Menu", Exact = true });
}
