using System.Net;
using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.TestSupport;

/// <summary>
/// The real app on a real Kestrel port with its own temporary database, and a real Chromium:
/// $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own (installed on demand).
/// </summary>
public sealed class BrowserFixture : DomainServices, IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private IPlaywright? _playwright;

    /// <summary>The app's settings over its defaults (a limit raised), changed before <see cref="InitializeAsync"/>.</summary>
    public Dictionary<string, string?> Settings => _app.Settings;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public override IServiceProvider Services => _app.Services;

    /// <summary>Settings a test changes while the app runs.</summary>
    public LiveSettings Live => _app.Live;

    /// <summary>The administrator every page is opened as (created on start from <c>Admin:*</c>).</summary>
    public override Actor User => _admin ?? throw new InvalidOperationException("Not initialized.");

    private Actor? _admin;
    private string? _signedIn;

    /// <summary>Where screenshots go, kept as test artifacts.</summary>
    public static string ArtifactsFolder { get; } = Path.Combine(AppFactory.RepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        _app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
        Directory.CreateDirectory(ArtifactsFolder);
        _admin = _app.Admin;
        _signedIn = await SignInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
    }

    /// <summary>Signs in through the real sign-in page once; contexts then start with its cookie.</summary>
    public Task<string> SignInAsync(string email, string password) => Chromium.SignInAsync(Browser, BaseUrl, email, password);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own circuit), signed in as the administrator unless <paramref name="signedIn"/> says whom, on a page that is interactive.</summary>
    public async Task<IPage> OpenAsync(string path, string? signedIn = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            StorageState = signedIn ?? _signedIn,
        });
        var page = await context.NewPageAsync();
        await GoAsync(page, path);
        return page;
    }

    /// <summary>Navigates and waits for the marker only the interactive render sets (never a fixed delay).</summary>
    public static async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }

    public async Task<InstanceView> StoreAsync(string name, bool inventoryCheck = false, bool autoLabel = false)
    {
        var store = await Instances.CreateAsync(new NewInstance(name, Platform.Amazon, "LAX1"), User);
        return await Instances.UpdateAsync(store.Id, new InstanceUpdate(InventoryCheck: inventoryCheck, AutoLabel: autoLabel), User);
    }

    public async Task StockAsync(int instanceId, params (string Sku, int Quantity)[] rows) =>
        Assert.True((await Inventory.ApplyImportAsync(instanceId, "setup.csv",
            rows.Select((r, i) => new Inventory.Domain.Import.ImportRow(i + 2, null, r.Sku, r.Quantity)), User)).Succeeded);

    public async Task<OrderOutcome> SyncAsync(int instanceId, string number, DateTime orderedAt, params (string Sku, int Quantity)[] lines) =>
        (await Intake.SyncAsync(instanceId,
            [new IncomingOrder(number, null, orderedAt, lines.Select(l => new IncomingLine(l.Sku, l.Quantity)).ToList())], User)).Orders[0];

    public async Task<int?> QuantityAsync(int instanceId, string sku) =>
        (await Stock.QueryAsync(instanceId, new StockQuery(Search: sku), User)).Items.SingleOrDefault(i => i.Sku == sku)?.Quantity;

    /// <summary>Saves a light and a dark screenshot of the page as artifacts.</summary>
    public static async Task ScreenshotsAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, $"{name}-light.png"), FullPage = true });
        await page.GetByLabel("Toggle dark theme").DispatchEventAsync("click"); // works under an open dialog too
        await page.Locator("[data-theme=dark]").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, $"{name}-dark.png"), FullPage = true });
        await page.GetByLabel("Toggle dark theme").DispatchEventAsync("click"); // works under an open dialog too
        await page.Locator("[data-theme=light]").WaitForAsync();
    }

    /// <summary>Drops a file on the Update Inventory zone the way the browser's native drop does.</summary>
    public static async Task DropFileAsync(IPage page, string path)
    {
        var dataTransfer = await page.EvaluateHandleAsync("""
            ([b64, name]) => {
                const bin = atob(b64); const bytes = new Uint8Array(bin.length);
                for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
                const dt = new DataTransfer(); dt.items.add(new File([bytes], name)); return dt; }
            """, new object[] { Convert.ToBase64String(await File.ReadAllBytesAsync(path)), Path.GetFileName(path) });
        await page.Locator("#dropzone").DispatchEventAsync("dragenter", new Dictionary<string, object> { ["dataTransfer"] = dataTransfer });
        var input = page.Locator(".mud-file-upload input[type=file]");
        await Expect(input).ToBeVisibleAsync(); // the drop target the zone uncovers while dragging
        // A script-made drop event has no default action, so do what the browser's drop does: hand over the files.
        await input.EvaluateAsync("""
            (el, dt) => { el.files = dt.files;
                el.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
                el.dispatchEvent(new Event('change', { bubbles: true })); }
            """, dataTransfer);
    }

    /// <summary>The rows of the page's tables that contain <paramref name="text"/>.</summary>
    public static ILocator Row(IPage page, string text) => page.Locator("tr.mud-table-row").Filter(new() { HasText = text });
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
