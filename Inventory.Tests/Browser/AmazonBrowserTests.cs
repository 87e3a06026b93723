using System.Text.RegularExpressions;
using Inventory.Domain.Marketplace;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Inventory.Tests.TestSupport.BrowserFixture;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Browser;

/// <summary>Amazon as a seller connects and uses it, against the in-process stand-in: sync, accept (acknowledged), and Amazon's label.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AmazonBrowserTests(BrowserFixture app)
{
    private const string Po = "PO-BROWSER-1";

    [Fact]
    public async Task ConnectAmazon_SyncNow_Accept_ShowsAcknowledged_AndCreateLabelShowsAmazonsLabel()
    {
        await using var amazon = await FakeSellingPartnerApi.StartAsync();
        app.Live.AllowAmazon(amazon.Endpoint);
        var store = await app.StoreAsync("Amazon store");
        var warehouse = store.DefaultWarehouse; // "LAX1": StockAsync's rows (no warehouse) land there, so the order's ship-from finds them
        await app.StockAsync(store.Id, ("WIDGET-1", 10));
        amazon.AddOrder(Po, warehouse, ("WIDGET-1", 2));

        // Settings → Amazon connection: fill it in, connect, test.
        var page = await app.OpenAsync($"/instances/{store.Id}/edit");
        // The settings load after the page turns interactive; type only into the form that stays.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Connect Amazon" })).ToBeEnabledAsync();
        await page.GetByLabel("Selling party id").FillAsync(FakeSellingPartnerApi.SellingPartyId);
        await page.GetByLabel("Client id").FillAsync(FakeSellingPartnerApi.ClientId);
        await page.GetByLabel("Client secret").FillAsync(FakeSellingPartnerApi.ClientSecret);
        await page.GetByLabel("Refresh token").FillAsync(FakeSellingPartnerApi.RefreshToken);
        await page.GetByLabel("API endpoint (optional)").FillAsync(amazon.Endpoint.ToString());
        await page.GetByLabel("Token endpoint (optional)").FillAsync(amazon.TokenEndpoint.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Amazon" }).ClickAsync();

        await Expect(page.Locator(".amazon-status")).ToContainTextAsync(FakeSellingPartnerApi.SellingPartyId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Expect(page.Locator(".amazon-test")).ToContainTextAsync("Connected");
        await ScreenshotsAsync(page, "amazon-connection");
        var html = await page.ContentAsync();
        Assert.DoesNotContain(FakeSellingPartnerApi.ClientSecret, html, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeSellingPartnerApi.RefreshToken, html, StringComparison.Ordinal);

        // NEW → Sync now brings the purchase order → select it → Accept.
        await GoAsync(page, $"/instances/{store.Id}/orders/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        // Sync now clears the selection when it is done (the list changed under it): select after its message.
        await Expect(page.GetByText("order(s) synced")).ToBeVisibleAsync();
        await Expect(Row(page, Po)).ToBeVisibleAsync();
        await Row(page, Po).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept (1)" }).ClickAsync();
        await Expect(page.GetByText("1 order(s) moved")).ToBeVisibleAsync();

        // Accepted: the outbox sends the acknowledgement in the background, and the row says so live.
        await GoAsync(page, $"/instances/{store.Id}/orders/accepted");
        await Expect(Row(page, Po).Locator(".order-confirmed")).ToHaveTextAsync("confirmed by Amazon", new() { Timeout = 15_000 });
        await Expect(Row(page, Po)).ToContainTextAsync("Amazon transaction");
        var acknowledgement = Assert.Single(amazon.Acknowledgements)["orderAcknowledgements"]?[0];
        Assert.Equal(Po, acknowledgement?["purchaseOrderNumber"]?.GetValue<string>());
        Assert.Equal("00", acknowledgement?["acknowledgementStatus"]?["code"]?.GetValue<string>());

        // Create label asks Amazon for it; Awaiting shows Amazon's tracking number and format.
        await Row(page, Po).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create label (1)" }).ClickAsync();
        await Expect(page.GetByText("1 order(s) labelled")).ToBeVisibleAsync();
        var (labelledPo, labelRequest) = Assert.Single(amazon.LabelRequests);
        Assert.Equal(Po, labelledPo);
        Assert.Equal(warehouse, labelRequest["shipFromParty"]?["partyId"]?.GetValue<string>());

        await GoAsync(page, $"/instances/{store.Id}/orders/awaiting");
        await Expect(Row(page, Po)).ToContainTextAsync("1ZAMZ" + Po);
        await Expect(Row(page, Po).Locator(".label-format")).ToContainTextAsync("PNG");

        // The label link serves Amazon's PNG as it came, to the signed-in browser.
        var link = page.GetByRole(AriaRole.Link, new() { Name = $"Label of {Po}" });
        await Expect(link).ToHaveAttributeAsync("href", new Regex("/label$"));
        var href = await link.GetAttributeAsync("href");
        Assert.NotNull(href);
        var response = await page.Context.APIRequest.GetAsync(app.BaseUrl + href);
        Assert.True(response.Ok, $"GET {href} answered {response.Status}");
        Assert.StartsWith("image/png", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(FakeSellingPartnerApi.LabelPng, await response.BodyAsync());

        var labelPage = await page.Context.NewPageAsync();
        var shown = await labelPage.GotoAsync(href);
        Assert.True(shown?.Ok, $"Opening {href} answered {shown?.Status}");
        // The image alone has no theme toggle, so one plain screenshot rather than ScreenshotsAsync's light and dark.
        await labelPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, "amazon-label.png") });
        await labelPage.CloseAsync();

        await ScreenshotsAsync(page, "orders-amazon-awaiting");

        // The stand-in stops with this test: disconnect, so the app's background sync does not keep calling it.
        await app.Services.GetRequiredService<MarketplaceConnections>().DisconnectAsync(store.Id, app.User);
    }
}
