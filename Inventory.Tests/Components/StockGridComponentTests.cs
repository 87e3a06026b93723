using Bunit;
using Inventory.Blazor.Components.Pages.Stock;
using Inventory.Domain.Import;
using Inventory.Tests.TestSupport;
using Microsoft.AspNetCore.Components;

namespace Inventory.Tests.Components;

/// <summary>The stock grid's warehouse filter: a page of the instance's warehouses at a time, asked for as the seller types.</summary>
public sealed class StockGridComponentTests : ComponentTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WarehousePicker_ListsAPageOfTheInstancesWarehouses_NotEveryOne()
    {
        var store = await StoreWithWarehousesAsync(100);

        var cut = Ctx.Render<StockGrid>(p => p.Add(x => x.InstanceId, store));

        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count), Wait);
        var picker = cut.Find("#stock-warehouse");
        Assert.Equal("input", picker.LocalName);
        Assert.Equal("stock-warehouse-list", picker.GetAttribute("list"));
        Assert.Equal("Warehouse", cut.Find("label[for=stock-warehouse]").TextContent);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"W{i:000}"), Options(cut));
    }

    [Fact]
    public async Task WarehousePicker_AsksTheServerAsTheSellerTypes_EnterFiltersTheGrid_AndEmptyShowsAllWarehouses()
    {
        var store = await StoreWithWarehousesAsync(100);
        var cut = Ctx.Render<StockGrid>(p => p.Add(x => x.InstanceId, store));
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count), Wait);

        await cut.InvokeAsync(() => cut.Find("#stock-warehouse").Input("w02"));
        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(20, 10).Select(i => $"W{i:000}"), Options(cut)), Wait);
        Assert.Equal(25, Rows(cut).Count); // a part of a code lists matches; it does not filter yet

        await cut.InvokeAsync(() => cut.Find("#stock-warehouse").Change("w025"));
        cut.WaitForAssertion(() => Assert.Equal("W025", Assert.Single(Rows(cut)).QuerySelector("td[data-label=Warehouse]")!.TextContent), Wait);

        await cut.InvokeAsync(() => cut.Find("#stock-warehouse").Input(""));
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count), Wait);
        Assert.Equal(20, Options(cut).Count);
    }

    [Fact]
    public async Task WarehousePicker_TypingAWholeCode_FiltersTheGridOnceTypingPauses()
    {
        var store = await StoreWithWarehousesAsync(40);
        var cut = Ctx.Render<StockGrid>(p => p.Add(x => x.InstanceId, store));
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count), Wait);

        await cut.InvokeAsync(() => cut.Find("#stock-warehouse").Input(" w031"));

        cut.WaitForAssertion(() => Assert.Equal("W031", Assert.Single(Rows(cut)).QuerySelector("td[data-label=Warehouse]")!.TextContent), Wait);
    }

    /// <summary>An instance with one item in each of <paramref name="count"/> warehouses W000, W001, …</summary>
    private async Task<int> StoreWithWarehousesAsync(int count)
    {
        var store = await Db.InstanceAsync();
        var result = await Db.Inventory.ApplyImportAsync(store.Id, "stock.csv",
            Enumerable.Range(0, count).Select(i => new ImportRow(i + 2, $"W{i:000}", $"SKU-{i:000}", 1)), Db.User);
        Assert.True(result.Succeeded);
        return store.Id;
    }

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IRenderedComponent<StockGrid> cut) => cut.FindAll(".stock-grid tbody tr.mud-table-row");

    private static List<string?> Options(IRenderedComponent<StockGrid> cut) =>
        cut.FindAll("#stock-warehouse-list option").Select(o => o.GetAttribute("value")).ToList();
}
