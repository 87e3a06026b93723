using System.Data.Common;
using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Stock;

namespace Inventory.Domain.Persistence;

/// <summary>
/// A previewed file's rows, kept in the <c>ImportRows</c> table (created by the migrations, outside
/// the EF model) until the file is applied or discarded, so any server can apply what another
/// previewed. The statements here read the same on both engines.
/// </summary>
/// <remarks>
/// Per row: the keys, the typed text only where it differs from the key, the quantity the file
/// counted and the quantity to apply (the count with accepts and restocks since carried forward).
/// </remarks>
internal static class ImportRowsSql
{
    /// <summary>The key of a row of the import joined to the item it sets, if the instance tracks it.</summary>
    private const string RowsWithItems = """
        FROM "ImportRows" r
        LEFT JOIN "StockItems" i
          ON i."InstanceId" = @instance AND i."SkuKey" = r."SkuKey" AND i."WarehouseKey" = r."WarehouseKey"
        WHERE r."ImportId" = @import
        """;

    /// <summary>
    /// The apply's ledger rows, written first, while the old quantities are still there to compute the
    /// change from (rule 10): one per created or changed item, so its count is created + updated.
    /// </summary>
    public const string InsertLedgerRows = MovementSql.Insert + """
        SELECT @instance, COALESCE(i."Warehouse", r."Warehouse", r."WarehouseKey"), r."WarehouseKey",
               COALESCE(i."Sku", r."Sku", r."SkuKey"), r."SkuKey",
               r."Quantity" - COALESCE(i."Quantity", 0), r."Quantity", 'Import', NULL, @import, @user, @now, NULL, NULL,
               CASE WHEN i."Id" IS NULL THEN 1 ELSE 0 END
        FROM "ImportRows" r
        LEFT JOIN "StockItems" i
          ON i."InstanceId" = @instance AND i."SkuKey" = r."SkuKey" AND i."WarehouseKey" = r."WarehouseKey"
        WHERE r."ImportId" = @import AND (i."Id" IS NULL OR i."Quantity" <> r."Quantity")
        ORDER BY r."SkuKey", r."WarehouseKey"
        """;

    /// <summary>
    /// The apply's upsert, after its ledger rows: it writes only the items they say the import creates
    /// or changes, so the daily upload of a catalogue that has barely moved writes a few items, not a
    /// million. Those rows were inserted in the unique index's order, so their ids follow it.
    /// </summary>
    public const string UpsertChangedItems = """
        INSERT INTO "StockItems" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Quantity", "UpdatedAt")
        SELECT @instance, "Warehouse", "WarehouseKey", "Sku", "SkuKey", "QuantityAfter", @now
        FROM "StockMovements" WHERE "ImportId" = @import AND "Reason" = 'Import'
        ORDER BY "Id"
        ON CONFLICT ("InstanceId", "SkuKey", "WarehouseKey")
        DO UPDATE SET "Quantity" = excluded."Quantity", "UpdatedAt" = excluded."UpdatedAt"
        """;

    /// <summary>
    /// A staged row's ASIN if no later row of the file names the same one (case aside, as the item map's key),
    /// else null: the last row wins, as it would in the item map's own changes. For a staging table's SELECT.
    /// </summary>
    public const string AsinOnItsLastRow = """
        CASE WHEN "Asin" IS NOT NULL AND "RowNumber" = MAX("RowNumber") OVER (PARTITION BY UPPER("Asin")) THEN "Asin" END
        """;

    /// <summary>
    /// The apply's item map rows, from the kept rows with an ASIN (the partial index's, so a file without one
    /// costs a lookup; the range on "Asin" is what lets SQLite's planner pick that index over the primary key,
    /// and no kept ASIN is empty): the SKU as the file typed it. An ASIN already mapped keeps its spelling, as a change
    /// through the item map would.
    /// </summary>
    public const string UpsertItemMap = """
        INSERT INTO "ItemMap" ("InstanceId", "ProductId", "ProductIdKey", "Sku", "SkuKey", "UpdatedAt")
        SELECT @instance, "Asin", UPPER("Asin"), COALESCE("Sku", "SkuKey"), "SkuKey", @now
        FROM "ImportRows" WHERE "ImportId" = @import AND "Asin" IS NOT NULL AND "Asin" > ''
        ON CONFLICT ("InstanceId", "ProductIdKey")
        DO UPDATE SET "Sku" = excluded."Sku", "SkuKey" = excluded."SkuKey", "UpdatedAt" = excluded."UpdatedAt"
        """;

    /// <summary>How many ASINs the kept rows map (each once: <see cref="AsinOnItsLastRow"/>).</summary>
    public static async Task<int> AsinsAsync(DbConnection connection, DbTransaction tx, long importId, CancellationToken ct) =>
        (int)await Sql.ScalarAsync(connection, tx, """
            SELECT COUNT(*) FROM "ImportRows" WHERE "ImportId" = @import AND "Asin" IS NOT NULL AND "Asin" > ''
            """, ct, ("@import", importId));

    /// <summary>The state an apply or a discard needs; throws when the import is not there to act on.</summary>
    public static async Task<(ImportStatus Status, DateTime At, DateTime? CountedAt, int RowsRead)> ReadAsync(
        DbConnection connection, DbTransaction tx, int instanceId, long importId, CancellationToken ct)
    {
        var rows = await Sql.ListAsync(connection, tx, """
            SELECT "Status", "At", "CountedAt", "RowsRead" FROM "Imports" WHERE "Id" = @import AND "InstanceId" = @instance
            """, r => (Enum.Parse<ImportStatus>(r.GetString(0)), Utc(r.GetDateTime(1)),
                r.IsDBNull(2) ? (DateTime?)null : Utc(r.GetDateTime(2)), Sql.Int(r, 3)),
            ct, ("@import", importId), ("@instance", instanceId));
        return rows.Count == 1 ? rows[0] : throw new NotFoundException($"Import {importId} does not exist in this instance.");
    }

    /// <summary>
    /// Admits a previewed import to be applied (inside the apply's transaction, after its lock) and
    /// carries its count forward when it says when it was taken; throws when it may not be applied.
    /// </summary>
    public static async Task<(int RowsRead, IReadOnlyList<CarriedForward> Carried)> StartApplyAsync(DbConnection connection,
        DbTransaction tx, ImportApplication apply, CancellationToken ct)
    {
        var import = await ReadAsync(connection, tx, apply.InstanceId, apply.ImportId, ct);
        if (import.Status != ImportStatus.Previewed)
            throw new ConflictException(InventoryImport.NotPreviewed(apply.ImportId, import.Status));
        if (import.At < apply.PreviewedSince)
            throw new ConflictException(
                $"The preview of import {apply.ImportId} is too old to apply: the stock has moved on since. Upload the file again to see what it would do now.");
        var carried = import.CountedAt is { } countedAt
            ? await CarryForwardAsync(connection, tx, apply.InstanceId, apply.ImportId, countedAt, ct)
            : [];
        return (import.RowsRead, carried);
    }

    /// <summary>
    /// Carries forward what happened since the count was taken: each row's quantity to apply becomes its
    /// count, less the units accepted since, plus the units restocked since. Returns those rows.
    /// </summary>
    public static async Task<IReadOnlyList<CarriedForward>> CarryForwardAsync(DbConnection connection, DbTransaction tx,
        int instanceId, long importId, DateTime countedAt, CancellationToken ct)
    {
        var since = await Sql.ListAsync(connection, tx, """
            SELECT r."SkuKey", r."WarehouseKey", COALESCE(r."Warehouse", r."WarehouseKey"), COALESCE(r."Sku", r."SkuKey"), r."Counted",
                   SUM(m."Change"), COUNT(DISTINCT m."OrderId")
            FROM "StockMovements" m
            JOIN "ImportRows" r ON r."ImportId" = @import AND r."SkuKey" = m."SkuKey" AND r."WarehouseKey" = m."WarehouseKey"
            WHERE m."InstanceId" = @instance AND m."At" > @since AND m."Reason" IN ('Accept', 'Restock')
            GROUP BY r."SkuKey", r."WarehouseKey", r."Warehouse", r."Sku", r."Counted"
            ORDER BY r."SkuKey", r."WarehouseKey"
            """, r => (SkuKey: r.GetString(0), WarehouseKey: r.GetString(1),
                Item: new CarriedForward(r.GetString(2), r.GetString(3), Sql.Int(r, 4), Sql.Int(r, 4) + Sql.Int(r, 5), Sql.Int(r, 6))),
            ct, ("@import", importId), ("@instance", instanceId), ("@since", countedAt));
        await using var update = Sql.Command(connection, tx, """
            UPDATE "ImportRows" SET "Quantity" = @quantity WHERE "ImportId" = @import AND "SkuKey" = @sku AND "WarehouseKey" = @warehouse
            """, ("@quantity", 0), ("@import", importId), ("@sku", ""), ("@warehouse", ""));
        foreach (var (skuKey, warehouseKey, item) in since)
        {
            update.Parameters[0].Value = item.Applied;
            update.Parameters[2].Value = skuKey;
            update.Parameters[3].Value = warehouseKey;
            await update.ExecuteNonQueryAsync(ct);
        }
        return since.Select(s => s.Item).Where(i => i.Applied != i.Counted).ToList();
    }

    /// <summary>What applying the rows would do to the stock as it stands.</summary>
    public static async Task<ImportPreview> PreviewAsync(DbConnection connection, DbTransaction tx, int instanceId, long importId,
        int rowsRead, DateTime? countedAt, IReadOnlyList<CarriedForward> carried, DateTime expiresAt, CancellationToken ct)
    {
        var tracked = (int)await Sql.ScalarAsync(connection, tx, """SELECT "ItemCount" FROM "Instances" WHERE "Id" = @instance""", ct,
            ("@instance", instanceId));
        // An instance that tracks nothing yet has nothing to compare with: every row creates its item.
        var c = tracked == 0
            ? (Rows: rowsRead, Created: rowsRead, Updated: 0, ToZero: 0, LargeDrops: 0)
            : (await Sql.ListAsync(connection, tx, $"""
                SELECT COUNT(*),
                       SUM(CASE WHEN i."Id" IS NULL THEN 1 ELSE 0 END),
                       SUM(CASE WHEN i."Quantity" <> r."Quantity" THEN 1 ELSE 0 END),
                       SUM(CASE WHEN i."Quantity" > 0 AND r."Quantity" <= 0 THEN 1 ELSE 0 END),
                       -- ImportPreview.IsLargeDrop, set-based
                       SUM(CASE WHEN i."Quantity" - r."Quantity" >= {ImportPreview.LargeDropUnits} AND r."Quantity" * 2 <= i."Quantity" THEN 1 ELSE 0 END)
                {RowsWithItems}
                """, r => (Rows: Sql.Int(r, 0), Created: Sql.NullableInt(r, 1) ?? 0, Updated: Sql.NullableInt(r, 2) ?? 0,
                    ToZero: Sql.NullableInt(r, 3) ?? 0, LargeDrops: Sql.NullableInt(r, 4) ?? 0),
                ct, ("@instance", instanceId), ("@import", importId)))[0];
        var matched = c.Rows - c.Created;
        return new ImportPreview(importId, rowsRead, c.Created, c.Updated, matched - c.Updated,
            await ChangesAsync(connection, tx, instanceId, importId, ct), c.Created + c.Updated, c.ToZero, c.LargeDrops,
            tracked - matched, countedAt, carried, expiresAt, await AsinsAsync(connection, tx, importId, ct));
    }

    /// <summary>The first rows that would change an item, in SKU order.</summary>
    public static Task<List<ItemChange>> ChangesAsync(DbConnection connection, DbTransaction? tx, int instanceId, long importId,
        CancellationToken ct) =>
        Sql.ListAsync(connection, tx, $"""
            SELECT COALESCE(i."Warehouse", r."Warehouse", r."WarehouseKey"), COALESCE(i."Sku", r."Sku", r."SkuKey"), i."Quantity", r."Quantity"
            {RowsWithItems} AND (i."Id" IS NULL OR i."Quantity" <> r."Quantity")
            ORDER BY r."SkuKey", r."WarehouseKey"
            LIMIT {ImportPreview.MaxListed}
            """, r => new ItemChange(r.GetString(0), r.GetString(1), Sql.NullableInt(r, 2), Sql.Int(r, 3)),
            ct, ("@instance", instanceId), ("@import", importId));

    /// <summary>
    /// The import's ledger rows as item changes, for an import applied (or undone) since; the first
    /// <see cref="ImportPreview.MaxListed"/> in SKU order, and how many there are.
    /// </summary>
    public static async Task<(List<ItemChange> Changes, int Count)> AppliedChangesAsync(DbConnection connection, long importId,
        CancellationToken ct)
    {
        var changes = await Sql.ListAsync(connection, null, $"""
            SELECT "Warehouse", "Sku", "QuantityAfter" - "Change", "QuantityAfter", "Tracking"
            FROM "StockMovements" WHERE "ImportId" = @import AND "Reason" = 'Import'
            ORDER BY "SkuKey", "WarehouseKey"
            LIMIT {ImportPreview.MaxListed}
            """, r => new ItemChange(r.GetString(0), r.GetString(1), Sql.Int(r, 4) == (int)Tracking.Started ? null : Sql.Int(r, 2),
                Sql.Int(r, 3)),
            ct, ("@import", importId));
        var count = (int)await Sql.ScalarAsync(connection, null, """
            SELECT COUNT(*) FROM "StockMovements" WHERE "ImportId" = @import AND "Reason" = 'Import'
            """, ct, ("@import", importId));
        return (changes, count);
    }

    /// <summary>Marks a previewed import applied with what it did (its rows go after the commit: <see cref="DeleteRowsInChunksAsync"/>).</summary>
    public static async Task FinishApplyAsync(DbConnection connection, DbTransaction tx, long importId, ImportSummary summary,
        string user, DateTime now, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, tx, """
            UPDATE "Imports" SET "Status" = 'Applied', "Created" = @created, "Updated" = @updated, "Unchanged" = @unchanged,
                "AppliedAt" = @now, "AppliedBy" = @user
            WHERE "Id" = @import;
            """, ct, ("@created", summary.Created), ("@updated", summary.Updated), ("@unchanged", summary.Unchanged),
            ("@now", now), ("@user", user), ("@import", importId));
    }

    private const int DeleteChunkRows = 50_000;

    /// <summary>
    /// Lets go of an applied import's rows on a connection of the caller's own, a chunk per transaction:
    /// a million-row delete in one would hold SQLite's one write lock (and every accept) for a second
    /// or more, and it need not be on the seller's wait for the result.
    /// </summary>
    public static async Task DeleteRowsInChunksAsync(DbConnection connection, long importId)
    {
        while (await Sql.ExecuteAsync(connection, null, $"""
                   DELETE FROM "ImportRows" WHERE "ImportId" = @import AND "SkuKey" IN (
                       SELECT "SkuKey" FROM "ImportRows" WHERE "ImportId" = @import ORDER BY "SkuKey" LIMIT {DeleteChunkRows})
                   """, CancellationToken.None, ("@import", importId)) > 0)
        {
        }
    }

    /// <summary>
    /// Previews of the instance too old to apply are discarded, and the rows of every import that is no
    /// longer a preview let go: discarded ones, and applied ones long enough ago that the apply's own
    /// background clean-up would have finished (this catches any it left).
    /// </summary>
    public static async Task DiscardExpiredAsync(DbConnection connection, int instanceId, DateTime previewedSince, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Sql.ExecuteAsync(connection, tx, """
            UPDATE "Imports" SET "Status" = 'Discarded' WHERE "InstanceId" = @instance AND "Status" = 'Previewed' AND "At" < @since;
            DELETE FROM "ImportRows" WHERE "ImportId" IN (
                SELECT "Id" FROM "Imports" WHERE "InstanceId" = @instance
                  AND ("Status" = 'Discarded' OR "Status" IN ('Applied', 'Undone') AND "AppliedAt" < @since));
            """, ct, ("@instance", instanceId), ("@since", previewedSince));
        await tx.CommitAsync(ct);
    }

    public static Task DeleteRowsAsync(DbConnection connection, DbTransaction? tx, long importId, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, tx, """DELETE FROM "ImportRows" WHERE "ImportId" = @import""", ct, ("@import", importId));

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
