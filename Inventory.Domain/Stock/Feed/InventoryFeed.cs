using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Notifications;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Stock.Feed;

/// <summary>
/// The inventory feed: the available quantity of each tracked item that changed is pushed to the
/// instance's marketplace. What changed is read off the ledger — every stock change writes a row
/// there — past the instance's cursor (the last movement a good push covered), so no stock path has to
/// remember to enqueue anything, and a failed push leaves the cursor where it was to be retried whole.
/// </summary>
public sealed class InventoryFeed(
    IDbContextFactory<InventoryDbContext> dbFactory,
    Marketplaces marketplaces,
    IChangeNotifier notifier,
    TimeProvider clock,
    IOptions<FeedOptions> options)
{
    public async Task<FeedStatus> StatusAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        // The last batch before the instance: a refusal commits its outcome with the cursor's rewind and the
        // error, so reading in this order never shows "refused" beside the error and cursor of before it.
        var last = await db.FeedTransactions.AsNoTracking().Where(t => t.InstanceId == instanceId).OrderByDescending(t => t.Id)
            .Select(t => new { t.Outcome, t.Refusal }).FirstOrDefaultAsync(ct);
        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId, ct);
        var pending = instance.InventoryFeed
            ? await FeedSql.PendingCountAsync(await OpenAsync(db, ct), instanceId, instance.FeedCursor, ct)
            : 0;
        return new FeedStatus(instance.InventoryFeed, instance.FeedLastPushAt, instance.FeedLastItemCount, instance.FeedLastError, pending,
            last?.Outcome switch
            {
                null => null,
                TransactionOutcome.Success => Orders.MarketplaceStatus.Confirmed,
                TransactionOutcome.Failure => Orders.MarketplaceStatus.Refused,
                _ => Orders.MarketplaceStatus.Sent,
            },
            last?.Outcome == TransactionOutcome.Failure ? last.Refusal : null);
    }

    /// <summary>
    /// Push now: the feed goes at once (past its quiet time) with every item changed since its cursor —
    /// after Amazon refused a batch, the cursor was put back, so that batch's items go again.
    /// </summary>
    public async Task RequestPushAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.EnsureInstanceAsync(instanceId, actor, Permission.UpdateInventory, ct);
        if (!instance.InventoryFeed)
            throw new ValidationException("inventoryFeed", "The inventory feed is off for this instance; switch it on to push.");
        // Every server's feed hears it; the one that takes the instance's lease pushes.
        notifier.Publish(new StockChanged(instanceId));
    }

    /// <summary>
    /// One push: every tracked item changed since the last good push, at its quantity now (never below
    /// zero), per warehouse, <see cref="FeedOptions.BatchSize"/> items a call. Untracked items are not
    /// sent. Returns how many items went; throws, with the error recorded, when the marketplace refused.
    /// </summary>
    public async Task<int> PushAsync(int instanceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is not { InventoryFeed: true })
            return 0;
        var connection = await OpenAsync(db, ct);
        var upTo = await FeedSql.NewestMovementAsync(connection, ct);
        var items = await FeedSql.ChangedItemsAsync(connection, instanceId, instance.FeedCursor, upTo, ct);
        var sent = new List<FeedTransaction>();
        try
        {
            var marketplace = items.Count > 0 ? await marketplaces.FeedOfAsync(instanceId, ct) : null;
            foreach (var warehouse in items.GroupBy(i => i.WarehouseKey))
                foreach (var batch in warehouse.Select(i => i.Item).Chunk(Math.Max(1, options.Value.BatchSize)))
                    if (await marketplace!.SubmitInventoryAsync(new FeedBatch(instanceId, warehouse.First().Warehouse, batch), ct) is { } transactionId)
                    {
                        var at = clock.GetUtcNow().UtcDateTime;
                        sent.Add(new FeedTransaction(instanceId, warehouse.First().Warehouse, batch.Length, instance.FeedCursor, transactionId, at, at));
                    }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FeedSql.RecordFailedAsync(connection, instanceId, ex.Message);
            throw;
        }
        // The cursor moves on with the transactions that may put it back, or not at all.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.FeedTransactions.AddRange(sent);
            await db.SaveChangesAsync(ct);
            // From where this push read: a refusal's rewind made meanwhile stays (FeedSql.RecordPushedAsync).
            await FeedSql.RecordPushedAsync(connection, tx.GetDbTransaction(), instanceId, instance.FeedCursor, upTo, items.Count,
                clock.GetUtcNow().UtcDateTime, ct);
            await tx.CommitAsync(ct);
        }
        if (sent.Count > 0)
            notifier.Publish(new InstanceChanged(instanceId)); // wakes the outbox, which follows the transactions
        return items.Count;
    }

    /// <summary>
    /// Amazon refused a batch (its transaction ended in Failure): the cursor goes back to where that push
    /// started, so its items go again with the next push (Push now, or the next change), and the feed shows Amazon's error.
    /// </summary>
    internal static async Task RefusedAsync(InventoryDbContext db, FeedTransaction transaction, CancellationToken ct)
    {
        await db.Instances.Where(i => i.Id == transaction.InstanceId && i.FeedCursor > transaction.CursorFrom)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.FeedCursor, transaction.CursorFrom), ct);
        var error = "refused by Amazon: " + transaction.Refusal;
        await db.Instances.Where(i => i.Id == transaction.InstanceId)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.FeedLastError, error.Length > 500 ? error[..500] : error), ct);
    }

    private static async Task<System.Data.Common.DbConnection> OpenAsync(InventoryDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return db.Database.GetDbConnection();
    }
}
