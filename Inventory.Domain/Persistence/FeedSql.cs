using System.Data.Common;
using Inventory.Domain.Stock.Feed;

namespace Inventory.Domain.Persistence;

/// <summary>
/// The inventory feed's statements: what changed is read off the ledger past the instance's cursor, and the
/// cursor and the last push are written on the instance. The statements read the same on both engines.
/// </summary>
internal static class FeedSql
{
    // Read off the ledger's primary key from the cursor on: "+" keeps the planner off the instance's
    // index, which would visit every movement the instance ever had.
    private const string ChangedItems = """
        FROM (SELECT DISTINCT "WarehouseKey", "SkuKey" FROM "StockMovements"
              WHERE "Id" > @cursor AND "Id" <= @upTo AND +"InstanceId" = @instance) m
        JOIN "StockItems" i ON i."InstanceId" = @instance AND i."SkuKey" = m."SkuKey" AND i."WarehouseKey" = m."WarehouseKey"
        """;

    /// <summary>How many tracked items changed past <paramref name="cursor"/>: what the next push would send.</summary>
    public static async Task<int> PendingCountAsync(DbConnection connection, int instanceId, long cursor, CancellationToken ct) =>
        (int)await Sql.ScalarAsync(connection, null, $"SELECT COUNT(*) {ChangedItems}", ct,
            ("@cursor", cursor), ("@upTo", long.MaxValue), ("@instance", instanceId));

    /// <summary>The newest ledger movement of any instance: a push covers up to it, what comes after is the next push's.</summary>
    public static Task<long> NewestMovementAsync(DbConnection connection, CancellationToken ct) =>
        Sql.ScalarAsync(connection, null, """SELECT COALESCE(MAX("Id"), 0) FROM "StockMovements" """, ct);

    /// <summary>Every tracked item changed in (<paramref name="cursor"/>, <paramref name="upTo"/>], at its quantity now (never below zero), by warehouse.</summary>
    public static Task<List<(string Warehouse, string WarehouseKey, FeedItem Item)>> ChangedItemsAsync(DbConnection connection, int instanceId,
        long cursor, long upTo, CancellationToken ct) =>
        Sql.ListAsync(connection, null, $"""
            SELECT i."Warehouse", i."WarehouseKey", i."Sku", i."Quantity" {ChangedItems}
            ORDER BY i."WarehouseKey", i."SkuKey"
            """, r => (r.GetString(0), r.GetString(1), new FeedItem(r.GetString(2), Math.Max(0, Sql.Int(r, 3)))),
            ct, ("@cursor", cursor), ("@upTo", upTo), ("@instance", instanceId));

    /// <summary>
    /// Moves the cursor from where a push read (<paramref name="from"/>) to <paramref name="cursor"/>. A refusal
    /// followed meanwhile (under the outbox's lease, not the push's) may have put it back: then it stays back, so
    /// the refused items go again with the next push rather than being skipped by this one's end. A round that
    /// found nothing to send only moves the cursor: the feed's last push stays the last one that sent items.
    /// </summary>
    public static Task<int> RecordPushedAsync(DbConnection connection, DbTransaction? transaction, int instanceId, long from, long cursor,
        int itemCount, DateTime at, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, transaction, itemCount == 0
            ? """UPDATE "Instances" SET "FeedCursor" = @cursor WHERE "Id" = @instance AND "FeedCursor" = @from"""
            : """
              UPDATE "Instances" SET "FeedCursor" = @cursor, "FeedLastPushAt" = @now, "FeedLastItemCount" = @count, "FeedLastError" = NULL
              WHERE "Id" = @instance AND "FeedCursor" = @from
              """, ct, ("@cursor", cursor), ("@now", at), ("@count", itemCount), ("@instance", instanceId), ("@from", from));

    /// <summary>Why the last push failed, kept on the instance (the cursor stays, so the push is retried whole).</summary>
    public static Task<int> RecordFailedAsync(DbConnection connection, int instanceId, string error) =>
        Sql.ExecuteAsync(connection, null, """UPDATE "Instances" SET "FeedLastError" = @error WHERE "Id" = @instance""",
            CancellationToken.None, ("@error", error.Length > 500 ? error[..500] : error), ("@instance", instanceId));
}
