using System.Net;
using Inventory.Domain.Accounts;
using Inventory.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Browser;

/// <summary>Signing in and out, the first start's setup, and what a Viewer is shown, in real Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task FirstStart_SetupPage_CreatesTheAdministrator_WhoIsThenSignedIn()
    {
        await using var fresh = new AppFactory();
        fresh.Settings["Admin:Email"] = null;
        fresh.Settings["Admin:Password"] = null;
        fresh.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        fresh.StartServer();
        var baseUrl = fresh.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/instances");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/setup$"));
        await page.GetByLabel("Company or account name").FillAsync("Acme Supplies");
        await page.GetByLabel("Email").FillAsync("owner@acme.test");
        await page.GetByLabel("Password (12 characters or more)").FillAsync("a long setup password");
        await page.GetByLabel("Password again").FillAsync("a long setup password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();

        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Expect(page.GetByLabel("User menu")).ToContainTextAsync("owner@acme.test", new() { IgnoreCase = true });
        await page.GotoAsync("/setup");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login$"));
    }

    [Fact]
    public async Task AViewer_SeesTheStockAndOrders_ButNoUpdateClearOrAccept()
    {
        var store = await app.StoreAsync("Viewer store");
        await app.StockAsync(store.Id, ("SEEN-1", 4));
        await app.SyncAsync(store.Id, "555-VIEW", DateTime.UtcNow, ("SEEN-1", 1));
        var email = $"viewer-{Guid.NewGuid():N}@seller.test";
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync(app.User, email, AppFactory.AdminPassword, Role.Viewer);
        var signedIn = await app.SignInAsync(email, AppFactory.AdminPassword);

        var page = await app.OpenAsync($"/instances/{store.Id}/inventory", signedIn);
        await Expect(page.Locator("tr.mud-table-row").Filter(new() { HasText = "SEEN-1" })).ToContainTextAsync("4");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Update Inventory" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Clear Inventory" })).ToHaveCountAsync(0);

        await BrowserFixture.GoAsync(page, $"/instances/{store.Id}/orders/new");
        await Expect(page.Locator("tr.mud-table-row").Filter(new() { HasText = "555-VIEW" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Accept" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sync now" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignOut_FromTheUserMenu_LeadsToTheSignInPage_AndPagesAskAgain()
    {
        var page = await app.OpenAsync("/");

        await page.GetByLabel("User menu").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login$"));
        await page.GotoAsync("/instances");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ThePages_RunUnderTheContentSecurityPolicy_WithoutAViolation()
    {
        var store = await app.StoreAsync("CSP store");
        await app.StockAsync(store.Id, ("CSP-1", 1));
        var page = await app.OpenAsync("/account/tokens");
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (violations)
                    violations.Add(message.Text);
        };

        foreach (var path in new[] { "/", $"/instances/{store.Id}/inventory", $"/instances/{store.Id}/orders/new", "/users" })
            await BrowserFixture.GoAsync(page, path);
        await page.GotoAsync("/account/password");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Change password" })).ToBeVisibleAsync();

        lock (violations)
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        await page.Context.CloseAsync();
    }
}
