using Inventory.Domain.Import;
using Inventory.Tests.TestSupport;
using Microsoft.Playwright;
using static Inventory.Tests.TestSupport.BrowserFixture;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Browser;

/// <summary>The stock grid's warehouse filter in a real browser: a labelled combobox that lists a page of matches as the seller types.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WarehousePickerBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task TheWarehousePicker_ListsAPageOfMatchesAsTheSellerTypes_EnterFiltersTheGrid_AndEmptyShowsAll()
    {
        var store = await app.StoreAsync("Picker store");
        Assert.True((await app.Inventory.ApplyImportAsync(store.Id, "stock.csv",
            Enumerable.Range(1, 30).Select(i => new ImportRow(i + 1, $"W{i:00}", $"SKU-{i:00}", i)), app.User)).Succeeded);
        var page = await app.OpenAsync($"/instances/{store.Id}/inventory");
        var rows = page.Locator(".stock-grid tbody tr.mud-table-row");
        var options = page.Locator("#stock-warehouse-list option");
        await Expect(rows).ToHaveCountAsync(25);

        var picker = page.GetByRole(AriaRole.Combobox, new() { Name = "Warehouse" });
        await Expect(options).ToHaveCountAsync(20);
        await picker.PressSequentiallyAsync("w2");
        await Expect(options).ToHaveCountAsync(10); // W20 … W29
        await Expect(options.First).ToHaveAttributeAsync("value", "W20");
        await Expect(rows).ToHaveCountAsync(25);

        // Enter filters by what is typed, even a code no item has.
        await picker.PressAsync("Enter");
        await Expect(page.GetByText("No stock items")).ToBeVisibleAsync();
        await picker.FillAsync("W25");
        await picker.PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(Row(page, "SKU-25")).ToBeVisibleAsync();
        await ScreenshotsAsync(page, "inventory-warehouse-picker");

        await picker.FillAsync("");
        await Expect(rows).ToHaveCountAsync(25);
        await Expect(options).ToHaveCountAsync(20);
    }
}
