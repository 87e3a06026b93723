using Inventory.Domain.Import;
using Inventory.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Browser;

/// <summary>
/// Tests that measure the test process's own memory: nothing else may run beside them, or its
/// allocations would count as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAloneCollection
{
    public const string Name = "measured alone";
}

/// <summary>
/// An instance whose file named 100,000 warehouses (the limit raised for it): open inventory pages must
/// not hold a list whose length that file decided.
/// </summary>
[Collection(MeasuredAloneCollection.Name)]
public sealed class WarehouseMemoryBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Warehouses = 100_000;
    private const int Pages = 6;
    private const long Bound = 10 * 1024 * 1024;

    private readonly BrowserFixture _app = new() { Settings = { ["Import:MaxWarehouses"] = $"{Warehouses}" } };

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task SixInventoryPages_OfAnInstanceWithAHundredThousandWarehouses_AddLessThan10MbToTheServer_AndListAPageOfThem()
    {
        var store = await _app.StoreAsync("Many warehouses");
        var imported = await _app.Inventory.ApplyImportAsync(store.Id, "warehouses.csv",
            Enumerable.Range(0, Warehouses).Select(i => new ImportRow(i + 2, $"WH{i:000000}", "SKU-1", 1)), _app.User);
        Assert.True(imported.Succeeded, string.Join("; ", imported.Errors.Select(e => e.Message)));
        var path = $"/instances/{store.Id}/inventory";

        // The first page pays for what every later one shares (compiled code, caches, the connection pool).
        var start = GC.GetTotalMemory(forceFullCollection: true);
        var first = await OpenRenderedAsync(path);
        var (html, options) = await SizeAsync(first);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var open = new List<IPage>();
        for (var i = 0; i < Pages; i++)
            open.Add(await OpenRenderedAsync(path));
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var added = after - before;
        output.WriteLine($"one page: {html:N0} characters of HTML, {options:N0} <option> elements, " +
                         $"{(before - start) / 1024.0 / 1024:N1} MB of managed heap with what it shares with later pages; " +
                         $"{Pages} more pages: {added / 1024.0 / 1024:N1} MB of managed heap ({before / 1024.0 / 1024:N1} → {after / 1024.0 / 1024:N1} MB)");
        // The page's own short lists (rows per page, Show, Instance) and a page of the picker's matches.
        Assert.InRange(options, 0, 50);
        Assert.InRange(await first.Locator("#stock-warehouse-list option").CountAsync(), 1, 20);
        Assert.True(added < Bound, $"{Pages} open pages added {added / 1024.0 / 1024:N1} MB; the bound is {Bound / 1024 / 1024} MB");
        GC.KeepAlive(open);
    }

    /// <summary>A page that is interactive and shows its first rows: the circuit holds all it will hold.</summary>
    private async Task<IPage> OpenRenderedAsync(string path)
    {
        var page = await _app.OpenAsync(path);
        await Expect(BrowserFixture.Row(page, "SKU-1").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        return page;
    }

    private static async Task<(int Html, int Options)> SizeAsync(IPage page) =>
        ((await page.ContentAsync()).Length, await page.Locator("option").CountAsync());
}
