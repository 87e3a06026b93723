using Bunit;
using Inventory.Blazor.Components.Pages;
using Inventory.Blazor.Components.Pages.Orders;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Orders;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Components;

/// <summary>Issue 26 on the pages: what Amazon made of each acknowledgement, in the words.</summary>
public sealed class MarketplaceStateComponentTests : ComponentTest
{
    /// <summary>Accepted orders whose acknowledgements Amazon took, then left Processing, confirmed, or refused.</summary>
    private async Task<int> StoreWithAcknowledgementsAsync()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var now = DateTime.UtcNow;
        await using var db = Db.Context();
        foreach (var (number, outcome) in new[] { ("PO-SENT", TransactionOutcome.Pending), ("PO-OK", TransactionOutcome.Success), ("PO-NO", TransactionOutcome.Failure) })
        {
            var orderId = (await Db.SyncAsync(store.Id, number, ("SKU-1", 1))).OrderId!.Value;
            await Db.Acceptance.AcceptAsync(store.Id, [orderId], Db.User);
            var message = new OutboxMessage(store.Id, orderId, OutboxKind.Acknowledgement, accepted: true, "{}", now);
            message.MarkSent(now, "ack-" + number, now.AddMinutes(1));
            if (outcome == TransactionOutcome.Success)
                message.MarkConfirmed(now);
            else if (outcome == TransactionOutcome.Failure)
                message.MarkRefused("InvalidInput: shipFromParty LAX1 is not set up for this vendor", now);
            db.OutboxMessages.Add(message);
        }
        await db.SaveChangesAsync();
        return store.Id;
    }

    [Fact]
    public async Task TheOrderGrid_SaysSent_ConfirmedByAmazon_OrRefusedByAmazonWithItsError()
    {
        var id = await StoreWithAcknowledgementsAsync();

        var cut = Ctx.Render<OrderGrid>(p => p.Add(x => x.InstanceId, id).Add(x => x.Status, OrderStatus.Accepted));

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll(".order-number").Count));
        Assert.Equal("sent", cut.Find(".order-sent").TextContent.Trim());
        Assert.Equal("waiting for Amazon to confirm the acknowledgement", cut.Find(".ack-waiting").TextContent.Trim());
        Assert.Equal("confirmed by Amazon", cut.Find(".order-confirmed").TextContent.Trim());
        Assert.Equal("refused by Amazon: InvalidInput: shipFromParty LAX1 is not set up for this vendor", cut.Find(".order-refused").TextContent.Trim());
    }

    [Fact]
    public async Task TheDashboard_ListsARefusedOrder_UnderNeedsAttention()
    {
        await StoreWithAcknowledgementsAsync();

        var cut = Ctx.Render<Home>();

        cut.WaitForAssertion(() => Assert.Contains("PO-NO", cut.Find(".attention-refused").TextContent));
        Assert.Contains("refused by Amazon: InvalidInput: shipFromParty LAX1", cut.Find(".attention-refused").TextContent);
        Assert.Single(cut.FindAll(".attention-refused"));
    }
}
