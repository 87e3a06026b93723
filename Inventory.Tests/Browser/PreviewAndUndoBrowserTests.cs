using System.Text.RegularExpressions;
using Inventory.Tests.TestSupport;
using Microsoft.Playwright;
using static Inventory.Tests.TestSupport.BrowserFixture;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Browser;

/// <summary>Safe stock updates as a seller does them: look before applying, and take an import back.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PreviewAndUndoBrowserTests(BrowserFixture app) : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>The grid's quantity cell of the item (after the select, warehouse and SKU cells).</summary>
    private static ILocator QuantityOf(IPage page, string sku) => Row(page, sku).Locator("td").Nth(3);

    private static Regex Exactly(int quantity) => new($@"^\s*{quantity}\b");

    [Fact]
    public async Task DropAFile_PreviewShowsWhatItWouldChange_Apply_ThenUndoFromTheHistory_PutsTheGridBack()
    {
        var store = await app.StoreAsync("Undo store");
        await app.StockAsync(store.Id, ("CUP-1", 10), ("PLATE-1", 40));
        var page = await app.OpenAsync($"/instances/{store.Id}/inventory");
        await Expect(QuantityOf(page, "CUP-1")).ToHaveTextAsync(Exactly(10));

        await page.GetByRole(AriaRole.Button, new() { Name = "Update Inventory" }).ClickAsync();
        await Expect(page.GetByLabel("Counted at")).ToBeVisibleAsync();
        await ScreenshotsAsync(page, "inventory-import-dialog");
        await DropFileAsync(page, _files.Csv("SKU,Quantity\nCUP-1,4\nPLATE-1,0\nBOWL-1,6\n", name: "count.csv"));

        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.Locator(".import-preview")).ToContainTextAsync("creates 1, updates 2");
        await Expect(dialog.Locator(".dropping-to-zero")).ToContainTextAsync("1 item(s) drop to zero");
        await Expect(dialog.Locator(".large-drops")).ToBeVisibleAsync(); // 40 → 0
        var changes = dialog.Locator(".import-changes tbody tr");
        await Expect(changes).ToHaveCountAsync(3);
        await Expect(changes.Filter(new() { HasText = "BOWL-1" })).ToContainTextAsync("not tracked");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Sort by Change" }).ClickAsync();
        await Expect(changes.First).ToContainTextAsync("PLATE-1"); // −40, the largest drop, first
        await ScreenshotsAsync(page, "inventory-import-preview");
        Assert.Equal(10, await app.QuantityAsync(store.Id, "CUP-1")); // nothing changed yet

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(dialog.Locator(".import-success")).ToContainTextAsync("1 created, 2 updated");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(QuantityOf(page, "CUP-1")).ToHaveTextAsync(Exactly(4));
        await Expect(Row(page, "BOWL-1")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Imports") }).ClickAsync();
        var applied = page.Locator(".imports-history tbody tr").Filter(new() { HasText = "count.csv" });
        await Expect(applied.Locator(".import-status")).ToHaveTextAsync("Applied");
        await ScreenshotsAsync(page, "inventory-imports");
        await applied.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Expect(applied.Locator(".import-status")).ToHaveTextAsync("Undone");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Stock" }).ClickAsync();
        await Expect(QuantityOf(page, "CUP-1")).ToHaveTextAsync(Exactly(10));
        await Expect(QuantityOf(page, "PLATE-1")).ToHaveTextAsync(Exactly(40));
        await Expect(Row(page, "BOWL-1")).ToHaveCountAsync(0);
        Assert.Null(await app.QuantityAsync(store.Id, "BOWL-1"));
    }

    [Fact]
    public async Task ClearInventory_ThenUndoOnTheSnackbar_TracksTheItemsAgain()
    {
        var store = await app.StoreAsync("Clear undo store");
        await app.StockAsync(store.Id, ("JAR-1", 6));
        var page = await app.OpenAsync($"/instances/{store.Id}/inventory");
        await Expect(QuantityOf(page, "JAR-1")).ToHaveTextAsync(Exactly(6));

        await page.GetByRole(AriaRole.Button, new() { Name = "Clear Inventory" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Clear Inventory" }).ClickAsync();
        await Expect(Row(page, "JAR-1")).ToHaveCountAsync(0);
        await page.Locator(".mud-snackbar").GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();

        await Expect(QuantityOf(page, "JAR-1")).ToHaveTextAsync(Exactly(6));
        Assert.Equal(6, await app.QuantityAsync(store.Id, "JAR-1"));
    }
}
