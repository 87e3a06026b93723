using Inventory.Domain.Dashboard;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Marketplace.Amazon;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Domain;

/// <summary>
/// Issue 15's rules in the domain, on both engines: what Amazon must be told about an order is queued in
/// the order's own transaction (never without the change, never twice for one), it is sent after the
/// commit, and Amazon's label is kept with the order.
/// </summary>
public abstract class AmazonConnectionRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private FakeSellingPartnerApi _amazon = null!;

    public override async Task InitializeAsync()
    {
        _amazon = await FakeSellingPartnerApi.StartAsync();
        Db.Settings["Amazon:AllowedEndpoints:0"] = _amazon.Endpoint.ToString();
        Db.Settings["Amazon:OutboxRetrySeconds"] = "0"; // each round of the outbox takes the next step at once
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await _amazon.DisposeAsync(); // fails the test when the product broke Amazon's contract
        }
        finally
        {
            await base.DisposeAsync();
        }
    }

    private async Task<int> ConnectedStoreAsync(bool inventoryCheck = false)
    {
        var store = await Db.InstanceAsync(inventoryCheck: inventoryCheck);
        await Db.StockAsync(store.Id, ("WIDGET-1", 5));
        await Db.Services.GetRequiredService<MarketplaceConnections>().SaveAsync(store.Id, new MarketplaceConnectionInput(
            MarketplaceKind.AmazonDirectFulfillment, AmazonRegion.NA, _amazon.Endpoint.ToString(), _amazon.TokenEndpoint.ToString(),
            FakeSellingPartnerApi.ClientId, FakeSellingPartnerApi.ClientSecret, FakeSellingPartnerApi.RefreshToken,
            FakeSellingPartnerApi.SellingPartyId), Db.User);
        return store.Id;
    }

    /// <summary>A purchase order at the stand-in, synced in by Sync now, and accepted.</summary>
    private async Task<OrderView> AcceptedAsync(int instanceId, string purchaseOrderNumber, int quantity)
    {
        _amazon.AddOrder(purchaseOrderNumber, "LAX1", ("WIDGET-1", quantity));
        await Db.Services.GetRequiredService<MarketplaceSync>().SyncNowAsync(instanceId, Db.User);
        var order = await Db.OrderAsync(instanceId, purchaseOrderNumber);
        await Db.Acceptance.AcceptAsync(instanceId, [order.Id], Db.User);
        return order;
    }

    private async Task<List<OutboxMessage>> OutboxAsync()
    {
        await using var db = Db.Context();
        return await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    [SkippableFact]
    public async Task AnOrderLeavingNew_QueuesOneAcceptance_InItsTransaction_SentAfterTheCommit()
    {
        var id = await ConnectedStoreAsync();
        _amazon.AddOrder("PO-RULE-1", "LAX1", ("WIDGET-1", 2));
        await Db.Services.GetRequiredService<MarketplaceSync>().SyncNowAsync(id, Db.User);
        var order = await Db.OrderAsync(id, "PO-RULE-1");
        Assert.Empty(await OutboxAsync()); // synced into NEW: nothing to tell Amazon yet

        await Db.Acceptance.AcceptAsync(id, [order.Id], Db.User);
        await Db.Acceptance.AcceptAsync(id, [order.Id], Db.User); // skipped: already Accepted

        var queued = Assert.Single(await OutboxAsync());
        Assert.True(queued.Accepted);
        Assert.Null(queued.SentAt);
        Assert.Equal(1, await Db.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None));
        Assert.NotNull(Assert.Single(await OutboxAsync()).SentAt);
        Assert.Equal("00", (string?)Assert.Single(_amazon.Acknowledgements)["orderAcknowledgements"]![0]!["acknowledgementStatus"]!["code"]);
        Assert.Equal(0, await Db.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task TheOutbox_FollowsAnAcknowledgementsTransaction_ToSuccess_OneStepARound()
    {
        var id = await ConnectedStoreAsync();
        _amazon.TransactionsSucceedAfter(2);
        var order = await AcceptedAsync(id, "PO-RULE-TX", 1);
        var outbox = Db.Services.GetRequiredService<OutboxSender>();

        await outbox.SendDueAsync(CancellationToken.None); // sent: Amazon answers 202 with a transaction id
        var sent = Assert.Single(await OutboxAsync());
        Assert.Empty(_amazon.TransactionPolls);
        Assert.Equal(MarketplaceStatus.Sent, (await Db.OrderAsync(id, "PO-RULE-TX")).MarketplaceStatus);

        await outbox.SendDueAsync(CancellationToken.None);
        await outbox.SendDueAsync(CancellationToken.None);
        Assert.Equal(MarketplaceStatus.Sent, (await Db.OrderAsync(id, "PO-RULE-TX")).MarketplaceStatus);
        await outbox.SendDueAsync(CancellationToken.None);

        Assert.Equal([(sent.TransactionId!, "Processing"), (sent.TransactionId!, "Processing"), (sent.TransactionId!, "Success")], _amazon.TransactionPolls);
        Assert.Equal(MarketplaceStatus.Confirmed, (await Db.OrderAsync(id, "PO-RULE-TX")).MarketplaceStatus);
        Assert.Null((await Db.OrderAsync(id, "PO-RULE-TX")).MarketplaceError);
        await outbox.SendDueAsync(CancellationToken.None);
        Assert.Equal(3, _amazon.TransactionPolls.Count); // a confirmed transaction is not asked about again
        await Db.Labelling.CreateLabelAsync(id, [order.Id], Db.User);
        Assert.Equal(OrderStatus.Awaiting, (await Db.OrderAsync(id, "PO-RULE-TX")).Status);
    }

    [SkippableFact]
    public async Task AnAcknowledgementAmazonRefuses_NeedsAttentionOnTheDashboard_UntilItIsResentAndConfirmed()
    {
        var id = await ConnectedStoreAsync();
        _amazon.FailNextTransaction("InvalidInput", "shipFromParty LAX1 is not set up for this vendor");
        var order = await AcceptedAsync(id, "PO-RULE-NO", 1);
        var outbox = Db.Services.GetRequiredService<OutboxSender>();
        var dashboard = Db.Services.GetRequiredService<DashboardQueries>();

        await outbox.SendDueAsync(CancellationToken.None); // sent
        await outbox.SendDueAsync(CancellationToken.None); // Amazon: Failure

        var refused = await Db.OrderAsync(id, "PO-RULE-NO");
        Assert.Equal(MarketplaceStatus.Refused, refused.MarketplaceStatus);
        Assert.Equal("InvalidInput: shipFromParty LAX1 is not set up for this vendor", refused.MarketplaceError);
        var attention = Assert.Single((await dashboard.GetAsync(id, Db.User)).Refused);
        Assert.Equal(("PO-RULE-NO", OrderStatus.Accepted, refused.MarketplaceError), (attention.OrderNumber, attention.Status, attention.Error));
        Assert.Equal(0, await outbox.SendDueAsync(CancellationToken.None)); // a refusal is not retried by itself
        Assert.Single(_amazon.Acknowledgements);

        var resent = await Db.Services.GetRequiredService<MessageResend>().ResendAsync(id, [order.Id], Db.User);

        Assert.Equal(1, resent.Moved);
        Assert.Empty((await dashboard.GetAsync(id, Db.User)).Refused);
        Assert.Equal(1, await outbox.SendDueAsync(CancellationToken.None));
        await outbox.SendDueAsync(CancellationToken.None);
        Assert.Equal(MarketplaceStatus.Confirmed, (await Db.OrderAsync(id, "PO-RULE-NO")).MarketplaceStatus);
        Assert.Equal(2, _amazon.Acknowledgements.Count);
    }

    [SkippableFact]
    public async Task AHeldOrderRejected_IsCancelledWithItsOutOfStockAcknowledgement_AndNothingIsRestocked()
    {
        var id = await ConnectedStoreAsync(inventoryCheck: true);
        var order = await AcceptedAsync(id, "PO-RULE-2", 9); // short: held "No inventory"
        var movementsBefore = await Db.LedgerCountAsync(id);

        var result = await Db.Services.GetRequiredService<OrderRejection>().RejectAsync(id, [order.Id], Db.User);

        Assert.Equal(OrderStatus.Cancelled, Assert.Single(result.Orders).Status);
        var queued = Assert.Single(await OutboxAsync());
        Assert.False(queued.Accepted);
        Assert.Contains("\"03\"", queued.Body);
        // Queued as Amazon's orders model takes it (a rejected item keeps its quantity: never zero).
        Assert.Empty((await AmazonModel.LoadAsync(AmazonModel.Orders)).RequestViolations("submitAcknowledgement", queued.Body));
        Assert.Equal(5, await Db.QuantityAsync(id, "WIDGET-1"));
        Assert.Equal(movementsBefore, await Db.LedgerCountAsync(id));
    }

    [SkippableFact]
    public async Task AnAmazonLabel_IsKeptWithTheOrder_AndServedAsItCame()
    {
        var id = await ConnectedStoreAsync();
        var order = await AcceptedAsync(id, "PO-RULE-3", 1);
        await Db.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None); // Amazon labels acknowledged orders only
        await Db.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None); // once it confirms the acknowledgement

        await Db.Labelling.CreateLabelAsync(id, [order.Id], Db.User);

        var labelled = await Db.OrderAsync(id, "PO-RULE-3");
        Assert.Equal(OrderStatus.Awaiting, labelled.Status);
        Assert.Equal("PNG", labelled.LabelFormat);
        var file = await Db.Orders.LabelAsync(id, order.Id, Db.User);
        Assert.Equal("image/png", file!.ContentType);
        Assert.Equal(FakeSellingPartnerApi.LabelPng, file.Content);
    }

    [SkippableFact]
    public async Task EveryPackageOfAnAmazonLabel_AndItsPackingSlip_AreKeptWithTheOrder()
    {
        var id = await ConnectedStoreAsync();
        _amazon.PackagesPerLabel = 3;
        _amazon.AddOrder("PORULEBOXES", "LAX1", ("WIDGET-1", 3));
        _amazon.RequirePackingSlip("PORULEBOXES");
        await Db.Services.GetRequiredService<MarketplaceSync>().SyncNowAsync(id, Db.User);
        var order = await Db.OrderAsync(id, "PORULEBOXES");
        await Db.Acceptance.AcceptAsync(id, [order.Id], Db.User);
        await Db.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        await Db.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);

        await Db.Labelling.CreateLabelAsync(id, [order.Id], Db.User);

        var labelled = await Db.OrderAsync(id, "PORULEBOXES");
        Assert.True(labelled.PackingSlipRequired);
        Assert.True(labelled.PackingSlipFetched);
        Assert.Equal(["1ZAMZPORULEBOXES", "1ZAMZPORULEBOXES-2", "1ZAMZPORULEBOXES-3"], labelled.Packages!.Select(p => p.TrackingNumber));
        Assert.Equal(FakeSellingPartnerApi.ShipMethods, labelled.Packages!.Select(p => p.ShipMethod));
        Assert.Equal(FakeSellingPartnerApi.LabelPng, (await Db.Orders.LabelAsync(id, order.Id, Db.User, package: 3))!.Content);
        var slip = await Db.Services.GetRequiredService<OrderPackingSlipDownload>().PackingSlipAsync(id, order.Id, Db.User);
        Assert.Equal(FakeSellingPartnerApi.PackingSlipPdf, slip!.Content);
    }
}

public sealed class AmazonConnectionRulesOnSqlite() : AmazonConnectionRulesTests(Engine.Sqlite);

public sealed class AmazonConnectionRulesOnPostgres() : AmazonConnectionRulesTests(Engine.Postgres);
