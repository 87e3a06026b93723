using Inventory.Tests.TestSupport;
using Microsoft.Playwright;

namespace Inventory.Benchmarks;

/// <summary>
/// A real headless Chromium ($CHROMIUM_PATH, else /usr/bin/chromium), signed in once through the real
/// sign-in page; every page it opens gets its own browser context (so its own circuit) with that cookie.
/// </summary>
internal sealed class SignedInBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly string _baseUrl;
    private string _signedIn = "";

    private SignedInBrowser(IPlaywright playwright, IBrowser browser, string baseUrl)
    {
        _playwright = playwright;
        _browser = browser;
        _baseUrl = baseUrl;
    }

    public string Version => _browser.Version;

    public static async Task<SignedInBrowser> LaunchAsync(string baseUrl, string email, string password)
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
            throw new InvalidOperationException($"No Chromium at {executable}: set CHROMIUM_PATH or apt-get install chromium.");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await Chromium.LaunchAsync(playwright);
            return new SignedInBrowser(playwright, browser, baseUrl)
            {
                _signedIn = await Chromium.SignInAsync(browser, baseUrl, email, password),
            };
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new context (a new circuit) on <paramref name="path"/>, once the page is interactive.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, StorageState = _signedIn,
        });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(path);
            await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
            return page;
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    /// <summary>Closes the page's context: its circuit's connection goes, as when a tab is closed.</summary>
    public static Task CloseAsync(IPage page) => page.Context.CloseAsync();

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
