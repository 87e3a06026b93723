using Bunit;
using Inventory.Blazor.Components.Pages;
using Inventory.Blazor.Components.Pages.Instances;
using Inventory.Blazor.Components.Pages.Stock;
using Inventory.Domain.Import;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Inventory.Tests.Components;

public sealed class PageComponentTests : ComponentTest
{
    [Fact]
    public void InstanceList_WithNoInstances_ShowsTheEmptyState()
    {
        var cut = Ctx.Render<InstanceListPage>();

        cut.WaitForAssertion(() => Assert.Contains("No instances yet", cut.Markup));
    }

    [Fact]
    public async Task Dashboard_ReRendersWhenTheNotifierReportsAChange_AndStopsAfterDisposal()
    {
        var store = await Db.InstanceAsync();
        var cut = Ctx.Render<Home>();
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find(".count-new").TextContent));

        await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 1)); // publishes OrdersChanged after commit

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find(".count-new").TextContent));
        var witness = Ctx.Render<Home>(); // still subscribed: shows when the next change has been delivered
        witness.WaitForAssertion(() => Assert.Equal("1", witness.Find(".count-new").TextContent));
        var renders = cut.RenderCount;
        cut.Instance.Dispose();
        await Db.SyncAsync(store.Id, "A-2", ("SKU-1", 1));

        witness.WaitForAssertion(() => Assert.Equal("2", witness.Find(".count-new").TextContent));
        Assert.Equal(renders, cut.RenderCount);
        Assert.Equal("1", cut.Find(".count-new").TextContent);
    }

    [Fact]
    public async Task InstanceEdit_FlippingInventoryCheck_SavesItThroughTheService()
    {
        var store = await Db.InstanceAsync();
        var cut = Ctx.Render<InstanceEditPage>(p => p.Add(x => x.Id, store.Id));
        // Inventory Check, untracked SKUs count as short, Auto Label, simulated orders, the inventory feed, Send invoices
        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("input[type=checkbox]").Count));

        await cut.InvokeAsync(() => cut.FindComponents<MudSwitch<bool>>()[0].Find("input").Change(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = true }));

        cut.WaitForAssertion(async () => Assert.True((await Db.Instances.GetAsync(store.Id, Db.User)).InventoryCheck));
        Assert.False((await Db.Instances.GetAsync(store.Id, Db.User)).AutoLabel);
    }

    [Fact]
    public async Task InstanceEdit_ConnectAmazon_SavesTheConnection_AndShowsTheSecretsOnlyMasked()
    {
        var store = await Db.InstanceAsync();
        var cut = Ctx.Render<InstanceEditPage>(p => p.Add(x => x.Id, store.Id));
        cut.WaitForAssertion(() => cut.Find("#amazon-client-secret"));

        await cut.InvokeAsync(() => cut.Find("#amazon-selling-party").Input("VENDOR7"));
        await cut.InvokeAsync(() => cut.Find("#amazon-client-id").Input("amzn1.application-oa2-client.bunit"));
        await cut.InvokeAsync(() => cut.Find("#amazon-client-secret").Input("bunit-client-secret-0123456789"));
        await cut.InvokeAsync(() => cut.Find("#amazon-refresh-token").Input("Atzr|bunit-refresh-token-9876"));
        await cut.InvokeAsync(() => cut.Find("#amazon-client-secret").Closest("form")!.Submit());

        cut.WaitForAssertion(() => Assert.Contains("VENDOR7", cut.Find(".amazon-status").TextContent));
        var connection = await Db.Services.GetRequiredService<Inventory.Domain.Marketplace.MarketplaceConnections>().GetAsync(store.Id, Db.User);
        Assert.Equal("amzn1.application-oa2-client.bunit", connection!.ClientId);
        Assert.DoesNotContain("bunit-client-secret-0123456789", cut.Markup);
        Assert.DoesNotContain("Atzr|bunit-refresh-token-9876", cut.Markup);
        Assert.Contains("Test connection", cut.Markup);
    }

    [Fact]
    public async Task InstanceEdit_LowStockUntrackedSkusAndTheFeed_AreSavedThroughTheService()
    {
        var store = await Db.InstanceAsync();
        var cut = Ctx.Render<InstanceEditPage>(p => p.Add(x => x.Id, store.Id));
        cut.WaitForAssertion(() => cut.Find("#low-stock-threshold"));

        await cut.InvokeAsync(() => cut.Find("#low-stock-threshold").Change("7"));
        await cut.InvokeAsync(() => cut.Find("#low-stock-threshold").Closest("form")!.Submit());
        cut.WaitForAssertion(async () => Assert.Equal(7, (await Db.Instances.GetAsync(store.Id, Db.User)).LowStockThreshold));

        await cut.InvokeAsync(() => cut.FindComponents<MudSwitch<bool>>()[1].Find("input").Change(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = true }));
        cut.WaitForAssertion(async () => Assert.True((await Db.Instances.GetAsync(store.Id, Db.User)).UntrackedCountsAsShort));

        await cut.InvokeAsync(() => cut.FindComponents<MudSwitch<bool>>()[4].Find("input").Change(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = true }));
        cut.WaitForAssertion(() => Assert.Contains("Nothing sent yet", cut.Find(".feed-status").TextContent, StringComparison.Ordinal));
        Assert.True((await Db.Instances.GetAsync(store.Id, Db.User)).InventoryFeed);

        await cut.InvokeAsync(() => cut.Find("#low-stock-threshold").Change(""));
        await cut.InvokeAsync(() => cut.Find("#low-stock-threshold").Closest("form")!.Submit());
        cut.WaitForAssertion(async () => Assert.Null((await Db.Instances.GetAsync(store.Id, Db.User)).LowStockThreshold));
    }

    [Fact]
    public async Task ItemHistory_ChartsTheQuantityOverTime_WithWhenWhyAndWhoOnEachPoint()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("CHART-1", 10));
        var order = (await Db.SyncAsync(store.Id, "A-1", ("CHART-1", 3))).OrderId!.Value;
        await Db.Acceptance.AcceptAsync(store.Id, [order], Db.User);
        var movements = await Db.Stock.MovementsAsync(store.Id, Db.User, "CHART-1", "LAX1");

        var cut = Ctx.Render<QuantityChart>(p => p.Add(x => x.Movements, movements).Add(x => x.Sku, "CHART-1"));

        var points = cut.FindAll("svg.quantity-chart circle title").Select(t => t.TextContent).ToList();
        Assert.Equal(2, points.Count);
        Assert.Contains("Import by tester: +10 → 10", points[0], StringComparison.Ordinal);
        Assert.Contains("Accept by tester: -3 → 7", points[1], StringComparison.Ordinal);
        Assert.Contains("from 10 to 7", cut.Find("svg.quantity-chart").GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemHistory_MapsAnAsinToTheItem_AndTheOrderHeldForItIsReleased()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("MAPPED-1", 10));
        await Db.Intake.SyncAsync(store.Id,
            [new Inventory.Domain.Orders.IncomingOrder("A-1", null, DateTime.UtcNow, [new Inventory.Domain.Orders.IncomingLine("", 2, "1", "B0MAPME001")])], Db.User);
        Assert.Equal(Inventory.Domain.Orders.Hold.UnknownItem, (await Db.OrderAsync(store.Id, "A-1")).Hold);

        var cut = Ctx.Render<ItemAsins>(p => p.Add(x => x.InstanceId, store.Id).Add(x => x.Sku, "MAPPED-1"));
        cut.WaitForAssertion(() => Assert.Contains("No ASIN mapped to MAPPED-1", cut.Markup));
        await cut.InvokeAsync(() => cut.Find("#item-asin").Input("B0MAPME001"));
        await cut.InvokeAsync(() => cut.Find("button.map-asin").Click());

        cut.WaitForAssertion(() => Assert.Contains("B0MAPME001", cut.Find(".item-asins .mud-chip").TextContent));
        Assert.Equal(Inventory.Domain.Orders.Hold.None, (await Db.OrderAsync(store.Id, "A-1")).Hold);
    }

    [Fact]
    public async Task Dashboard_ShowsItsCharts_WhatNeedsAttention_AndTheLastImports()
    {
        var store = await Db.InstanceAsync(name: "Attention store");
        await Db.StockAsync(store.Id, ("ONE-1", 1), ("FULL-1", 40));
        var oversell = (await Db.SyncAsync(store.Id, "OVER-1", ("ONE-1", 3))).OrderId!.Value;
        await Db.Acceptance.AcceptAsync(store.Id, [oversell], Db.User); // Inventory Check off: ONE-1 goes to -2
        await Db.Instances.UpdateAsync(store.Id, new Inventory.Domain.Instances.InstanceUpdate(InventoryCheck: true), Db.User);
        var held = (await Db.SyncAsync(store.Id, "HELD-1", ("FULL-1", 99))).OrderId!.Value;
        await Db.Acceptance.AcceptAsync(store.Id, [held], Db.User);
        await Db.SyncAsync(store.Id, "BLIND-1", ("NEVER-1", 1));

        var cut = Ctx.Render<Home>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".dashboard-orders svg")));
        Assert.NotEmpty(cut.FindAll(".dashboard-stock svg"));
        Assert.Contains("Oversold 1", cut.Find(".stock-health-links").TextContent, StringComparison.Ordinal);
        var attention = cut.Find(".needs-attention").TextContent;
        Assert.Contains("HELD-1", attention, StringComparison.Ordinal);
        Assert.Contains("FULL-1 40/99", attention, StringComparison.Ordinal);
        Assert.Contains("BLIND-1", attention, StringComparison.Ordinal);
        Assert.Contains("untracked: NEVER-1", attention, StringComparison.Ordinal);
        Assert.Contains("ONE-1", cut.Find(".attention-oversold").TextContent, StringComparison.Ordinal);
        Assert.Contains("stock.csv", cut.Find(".recent-stock-events").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void InstanceEdit_UnknownInstance_SaysSo()
    {
        var cut = Ctx.Render<InstanceEditPage>(p => p.Add(x => x.Id, 404));

        cut.WaitForAssertion(() => Assert.Contains("Instance 404 does not exist", cut.Markup));
    }

    [Fact]
    public async Task ImportSuccess_ShowsTheCountsAndTheCreatedOrChangedItems()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SAME", 1), ("MOVED", 1));
        var result = await Db.StockAsync(store.Id, ("SAME", 1), ("MOVED", 5), ("NEW-1", 2));

        var cut = Ctx.Render<ImportSuccess>(p => p.Add(x => x.InstanceId, store.Id).Add(x => x.Summary, result.Summary!));

        cut.WaitForAssertion(() => Assert.Contains("1 created, 1 updated, 1 unchanged", cut.Find(".import-success").TextContent));
        var rows = cut.FindAll(".imported-items tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains("MOVED") && r.Contains("+4"));
        Assert.DoesNotContain(rows, r => r.Contains("SAME"));
    }

    [Fact]
    public void ImportFailure_ListsTheBadRows_SaysNothingChanged_AndOffersTheCsv()
    {
        var result = new ImportResult(null, [new ImportError(3, "Quantity", "-1", "Quantity cannot be negative (-1): it is the count on hand.")], 1);

        var cut = Ctx.Render<ImportFailure>(p => p.Add(x => x.FileName, "stock.xlsx").Add(x => x.Result, result));

        Assert.Contains("Nothing was changed", cut.Find(".import-failure").TextContent);
        Assert.Contains("negative", cut.Find(".import-errors tbody tr").TextContent);
        var href = cut.Find("a[download]").GetAttribute("href")!;
        var csv = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(href[(href.IndexOf(',') + 1)..]));
        Assert.StartsWith("Row,Column,Value,Reason\r\n3,Quantity,'-1,", csv);
    }
}
