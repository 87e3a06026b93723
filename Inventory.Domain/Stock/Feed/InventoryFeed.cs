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
    // Read off the ledger's primary key from the cursor on: "+" keeps the planner off the instance's
    // index, which would visit every movement the instance ever had.
    private const string ChangedItems = """
        FROM (SELECT DISTINCT "WarehouseKey", "SkuKey" FROM "StockMovements"
              WHERE "Id" > @cursor AND "Id" <= @upTo AND +"InstanceId" = @instance) m
        JOIN "StockItems" i ON i."InstanceId" = @instance AND i."SkuKey" = m."SkuKey" AND i."WarehouseKey" = m."WarehouseKey"
        """;

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
            ? (int)await Sql.ScalarAsync(await OpenAsync(db, ct), null, $"SELECT COUNT(*) {ChangedItems}", ct,
                ("@cursor", instance.FeedCursor), ("@upTo", long.MaxValue), ("@instance", instanceId))
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
        // Up to the newest movement now: what comes after is the next push's.
        var upTo = await Sql.ScalarAsync(connection, null, """SELECT COALESCE(MAX("Id"), 0) FROM "StockMovements" """, ct);
        var items = await Sql.ListAsync(connection, null, $"""
            SELECT i."Warehouse", i."WarehouseKey", i."Sku", i."Quantity" {ChangedItems}
            ORDER BY i."WarehouseKey", i."SkuKey"
            """, r => (Warehouse: r.GetString(0), WarehouseKey: r.GetString(1), Item: new FeedItem(r.GetString(2), Math.Max(0, Sql.Int(r, 3)))),
            ct, ("@cursor", instance.FeedCursor), ("@upTo", upTo), ("@instance", instanceId));
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
            await RecordFailedAsync(db, instanceId, ex.Message);
            throw;
        }
        // The cursor moves on with the transactions that may put it back, or not at all.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.FeedTransactions.AddRange(sent);
            await db.SaveChangesAsync(ct);
            await RecordPushedAsync(db, instanceId, instance.FeedCursor, upTo, items.Count, ct);
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

    /// <summary>
    /// Moves the cursor from where this push read (<paramref name="from"/>) to <paramref name="cursor"/>. A refusal
    /// followed meanwhile (under the outbox's lease, not this push's) may have put it back: then it stays back, so
    /// the refused items go again with the next push rather than being skipped by this one's end. A round that
    /// found nothing to send only moves the cursor: the feed's last push stays the last one that sent items.
    /// </summary>
    private Task<int> RecordPushedAsync(InventoryDbContext db, int instanceId, long from, long cursor, int itemCount, CancellationToken ct) =>
        Sql.ExecuteAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), itemCount == 0
            ? """UPDATE "Instances" SET "FeedCursor" = @cursor WHERE "Id" = @instance AND "FeedCursor" = @from"""
            : """
              UPDATE "Instances" SET "FeedCursor" = @cursor, "FeedLastPushAt" = @now, "FeedLastItemCount" = @count, "FeedLastError" = NULL
              WHERE "Id" = @instance AND "FeedCursor" = @from
              """, ct, ("@cursor", cursor), ("@now", clock.GetUtcNow().UtcDateTime), ("@count", itemCount), ("@instance", instanceId), ("@from", from));

    private static Task<int> RecordFailedAsync(InventoryDbContext db, int instanceId, string error) =>
        Sql.ExecuteAsync(db.Database.GetDbConnection(), null, """UPDATE "Instances" SET "FeedLastError" = @error WHERE "Id" = @instance""",
            CancellationToken.None, ("@error", error.Length > 500 ? error[..500] : error), ("@instance", instanceId));

    private static async Task<System.Data.Common.DbConnection> OpenAsync(InventoryDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return db.Database.GetDbConnection();
    }
}
