using Inventory.Domain.Instances;
using Inventory.Domain.Marketplace.Simulated;
using Inventory.Domain.Stock;
using Inventory.Domain.Stock.Feed;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Domain;

/// <summary>
/// The inventory feed: after stock changes, the available quantity of each changed tracked item goes to
/// the marketplace (here the simulated Amazon store, in the shape of submitInventoryUpdate).
/// </summary>
public abstract class InventoryFeedRulesTests(Engine engine) : DomainTest(new TestDatabase
{
    Engine = engine,
    Settings = { ["Feed:BatchSize"] = "2" },
})
{
    private InventoryFeed Feed => Db.Services.GetRequiredService<InventoryFeed>();
    private SimulatedMarketplace Amazon => Db.Services.GetRequiredService<SimulatedMarketplace>();

    private async Task<InstanceView> FeedingStoreAsync()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("OLD-1", 9)); // before the feed was on: not pushed
        return await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(InventoryFeed: true), Db.User);
    }

    [SkippableFact]
    public async Task APush_SendsEachChangedTrackedItem_PerWarehouse_InBatches_AsAmazonsInventoryUpdate()
    {
        var store = await FeedingStoreAsync();
        await Db.StockInAsync(store.Id, ("LAX1", "A-1", 3), ("LAX1", "B-1", 0), ("LAX1", "C-1", 7), ("EWR2", "A-1", 5));
        Assert.Equal(4, (await Feed.StatusAsync(store.Id, Db.User)).PendingItems);

        Assert.Equal(4, await Feed.PushAsync(store.Id, CancellationToken.None));

        var received = Amazon.Received(store.Id);
        Assert.Equal(["EWR2", "LAX1", "LAX1"], received.Select(r => r.Warehouse)); // batches of 2
        Assert.Equal([("A-1", 3), ("B-1", 0), ("C-1", 7)],
            received.Where(r => r.Warehouse == "LAX1").SelectMany(r => r.Items).Select(i => (i.Sku, i.AvailableQuantity)));
        var status = await Feed.StatusAsync(store.Id, Db.User);
        Assert.Equal((true, 4, 0, (string?)null), (status.Enabled, status.LastItemCount, status.PendingItems, status.LastError));
        Assert.Equal(0, await Feed.PushAsync(store.Id, CancellationToken.None)); // nothing new
    }

    [SkippableFact]
    public async Task AnItemClearedSinceItChanged_IsNotSent_AndAnAcceptSendsItsItemsQuantity()
    {
        var store = await FeedingStoreAsync();
        await Db.StockAsync(store.Id, ("KEEP-1", 5), ("GONE-1", 5));
        await Db.Inventory.ClearAsync(store.Id, ClearRequest.Selected([new StockKey("LAX1", "GONE-1")]), Db.User);
        var order = (await Db.SyncAsync(store.Id, "A-1", ("KEEP-1", 2))).OrderId!.Value;
        await Db.Acceptance.AcceptAsync(store.Id, [order], Db.User);

        await Feed.PushAsync(store.Id, CancellationToken.None);

        var item = Assert.Single(Amazon.Received(store.Id).SelectMany(r => r.Items));
        Assert.Equal(("KEEP-1", 3), (item.Sku, item.AvailableQuantity));
    }

    [SkippableFact]
    public async Task AFailedPush_IsRecorded_LeavesTheItemsPending_AndTheRetrySendsThem()
    {
        var store = await FeedingStoreAsync();
        await Db.StockAsync(store.Id, ("A-1", 4));
        Amazon.FailNext(1);

        await Assert.ThrowsAsync<HttpRequestException>(() => Feed.PushAsync(store.Id, CancellationToken.None));
        var failed = await Feed.StatusAsync(store.Id, Db.User);
        Assert.Contains("503", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(1, failed.PendingItems);

        Assert.Equal(1, await Feed.PushAsync(store.Id, CancellationToken.None));
        var retried = await Feed.StatusAsync(store.Id, Db.User);
        Assert.Equal((null, 0), (retried.LastError, retried.PendingItems));
    }

    [SkippableFact]
    public async Task AnInstanceWithTheFeedOff_SendsNothing()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("A-1", 4));

        Assert.Equal(0, await Feed.PushAsync(store.Id, CancellationToken.None));
        Assert.Empty(Amazon.Received(store.Id));
        Assert.False((await Feed.StatusAsync(store.Id, Db.User)).Enabled);
    }
}

public sealed class InventoryFeedRulesOnSqlite() : InventoryFeedRulesTests(Engine.Sqlite);

public sealed class InventoryFeedRulesOnPostgres() : InventoryFeedRulesTests(Engine.Postgres);

/// <summary>The feed's timing, with times given rather than waited for.</summary>
public sealed class FeedScheduleTests
{
    private static readonly DateTime T0 = new(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);
    private readonly FeedSchedule _schedule = new(new FeedOptions { DebounceSeconds = 2, MaxDelaySeconds = 10, RetrySeconds = 5, MaxBackoffSeconds = 60 });

    [Fact]
    public void ABurstOfChanges_IsOnePush_OnceTheStockIsQuiet()
    {
        _schedule.Changed(1, T0);
        _schedule.Changed(1, T0.AddSeconds(1));

        Assert.Empty(_schedule.Due(T0.AddSeconds(2.5)));     // 1.5 s after the last change
        Assert.Equal([1], _schedule.Due(T0.AddSeconds(3)));  // 2 s quiet
    }

    [Fact]
    public void ChangesThatNeverStop_ArePushedNoLaterThanTheMaximumDelay()
    {
        for (var s = 0; s <= 9; s++)
        {
            _schedule.Changed(1, T0.AddSeconds(s));
            Assert.Empty(_schedule.Due(T0.AddSeconds(s + 0.5)));
        }
        _schedule.Changed(1, T0.AddSeconds(10));
        Assert.Equal([1], _schedule.Due(T0.AddSeconds(10)));
    }

    [Fact]
    public void AFailedPush_IsRetriedAfterAWaitThatDoubles_UpToTheCap()
    {
        _schedule.Changed(1, T0);
        Assert.Equal(T0.AddSeconds(5), _schedule.Failed(1, T0));
        Assert.Empty(_schedule.Due(T0.AddSeconds(4)));
        Assert.Equal([1], _schedule.Due(T0.AddSeconds(5)));
        Assert.Equal(T0.AddSeconds(10), _schedule.Failed(1, T0));
        Assert.Equal(T0.AddSeconds(20), _schedule.Failed(1, T0));
        Assert.Equal(T0.AddSeconds(40), _schedule.Failed(1, T0));
        Assert.Equal(T0.AddSeconds(60), _schedule.Failed(1, T0));
    }

    [Fact]
    public void AChangeDuringAPush_WaitsForTheNext_AndAQuietPushIsTheEnd()
    {
        _schedule.Changed(1, T0);
        _schedule.Changed(2, T0);
        _schedule.Changed(1, T0.AddSeconds(3)); // came in while the push that started at 2 s ran

        _schedule.Pushed(1, T0.AddSeconds(2));
        _schedule.Pushed(2, T0.AddSeconds(2));

        Assert.Equal([1], _schedule.Due(T0.AddSeconds(5)));
    }
}
