using Microsoft.Playwright;

namespace Inventory.Tests.TestSupport;

/// <summary>A real Chromium: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own (installed on demand).</summary>
public static class Chromium
{
    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"];

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured
            ? configured
            : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
        if (executable is null && Microsoft.Playwright.Program.Main(["install", "chromium"]) != 0)
            throw new InvalidOperationException("No Chromium: set CHROMIUM_PATH, apt-get install chromium, or allow Playwright's download.");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true, Args = Args });
    }

    /// <summary>Signs in through the real sign-in page; returns the storage state (its cookie) for new contexts.</summary>
    public static async Task<string> SignInAsync(IBrowser browser, string baseUrl, string email, string password)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        return await context.StorageStateAsync();
    }
}
