using Bunit;
using Inventory.Blazor.Components.Pages.Orders;
using Inventory.Domain.Orders;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Tests.Components;

/// <summary>Issue 26, rows 6 and 9 on the Orders page: every box's tracking number prints alone or all at once; a packing slip Amazon wants is said and offered.</summary>
public sealed class PackagesComponentTests : ComponentTest
{
    [Fact]
    public async Task TheAwaitingList_ShowsEachBoxsTrackingNumber_WithItsOwnPrintLink_PrintAll_AndThePackingSlip()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var synced = await Db.Intake.SyncAsync(store.Id,
            [new IncomingOrder("POBOXES1", null, DateTime.UtcNow, [new IncomingLine("SKU-1", 3)], PackingSlipRequired: true)], Db.User);
        var orderId = synced.Orders[0].OrderId!.Value;
        await Db.Acceptance.AcceptAsync(store.Id, [orderId], Db.User);
        await Db.Labelling.CreateLabelAsync(store.Id, [orderId], Db.User);
        // As Amazon's three-box label leaves it (the stand-in's HTTP tests make it so end to end).
        await using (var db = Db.Context())
        {
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Orders" SET "LabelFormat" = 'PNG', "TrackingNumber" = '1ZBOX1' WHERE "Id" = {0}""", orderId);
            foreach (var n in new[] { 1, 2, 3 })
                db.OrderPackages.Add(new OrderPackage(orderId, n, $"1ZBOX{n}", n == 1 ? "UPS_GR_RES" : "UPS_2ND_DAY", "PNG", [1]));
            await db.SaveChangesAsync();
        }

        var cut = Ctx.Render<OrderGrid>(p => p.Add(x => x.InstanceId, store.Id).Add(x => x.Status, OrderStatus.Awaiting));

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll(".label-package").Count));
        Assert.Equal(["1ZBOX1UPS_GR_RES", "1ZBOX2UPS_2ND_DAY", "1ZBOX3UPS_2ND_DAY"], cut.FindAll(".label-package").Select(p => p.TextContent.Trim()));
        Assert.Equal($"/api/instances/{store.Id}/orders/POBOXES1/label?package=2",
            cut.Find("a[aria-label='Label 2 of 3 of POBOXES1']").GetAttribute("href"));
        Assert.Equal("Print all", cut.Find(".label-print-all").TextContent.Trim());
        Assert.Equal($"/api/instances/{store.Id}/orders/POBOXES1/label", cut.Find(".label-print-all").GetAttribute("href"));
        Assert.Equal("packing slip required", cut.Find(".packing-slip-required").TextContent.Trim());
        Assert.Equal($"/api/instances/{store.Id}/orders/POBOXES1/packing-slip", cut.Find("a.packing-slip").GetAttribute("href"));
    }

    [Fact]
    public async Task AnOrderWithOneLabelAndNoSlip_ShowsOnePrintLink_AndNoPackingSlip()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var orderId = (await Db.SyncAsync(store.Id, "PLAIN1", ("SKU-1", 1))).OrderId!.Value;
        await Db.Acceptance.AcceptAsync(store.Id, [orderId], Db.User);
        await Db.Labelling.CreateLabelAsync(store.Id, [orderId], Db.User);

        var cut = Ctx.Render<OrderGrid>(p => p.Add(x => x.InstanceId, store.Id).Add(x => x.Status, OrderStatus.Awaiting));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("a[aria-label='Label of PLAIN1']")));
        Assert.Empty(cut.FindAll(".label-package"));
        Assert.Empty(cut.FindAll(".packing-slip-required"));
        Assert.Empty(cut.FindAll("a.packing-slip"));
    }
}
