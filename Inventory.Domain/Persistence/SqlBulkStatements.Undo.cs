using System.Data.Common;
using Inventory.Domain.Common;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Inventory.Domain.Persistence;

/// <summary>
/// Undo of an import or a clear, read back from the ledger rows they wrote: set-based, so undoing a
/// million-row file is a handful of statements. The plan — each item, what to reverse, and why it is
/// left alone if it is — goes into a temp table first, then the ledger rows and the stock follow it.
/// </summary>
internal abstract partial class SqlBulkStatements
{
    private const string CreatePlan = """
        DROP TABLE IF EXISTS undo_plan;
        CREATE TEMP TABLE undo_plan (
            "Warehouse" text NOT NULL, "WarehouseKey" text NOT NULL, "Sku" text NOT NULL, "SkuKey" text NOT NULL,
            "Change" integer NOT NULL, "Tracking" integer NOT NULL, "Conflict" text,
            PRIMARY KEY ("SkuKey", "WarehouseKey"));
        """;

    private const string PlanJoinsItem = """
        JOIN "StockItems" i ON i."InstanceId" = @instance AND i."SkuKey" = p."SkuKey" AND i."WarehouseKey" = p."WarehouseKey"
        """;

    private const string LaterMovement = """
        SELECT 1 FROM "StockMovements" l
        WHERE l."InstanceId" = @instance AND l."SkuKey" = m."SkuKey" AND l."WarehouseKey" = m."WarehouseKey" AND l."Id" > m."Id"
        """;

    public async Task<UndoResult> UndoImportAsync(int instanceId, long importId, string user, DateTime now, CancellationToken ct)
    {
        await LockInstanceForCountAsync(instanceId, ct);
        (string, object?)[] parameters = [("@instance", instanceId), ("@import", importId), ("@user", user), ("@now", now)];
        if (await ExecuteAsync("""
                UPDATE "Imports" SET "Status" = 'Undone', "UndoneAt" = @now, "UndoneBy" = @user
                WHERE "Id" = @import AND "InstanceId" = @instance AND "Status" = 'Applied'
                """, ct, parameters) == 0)
        {
            var status = (await ImportRowsSql.ReadAsync(Connection, Transaction!, instanceId, importId, ct)).Status;
            throw new ConflictException(status == ImportStatus.Undone
                ? $"Import {importId} was undone already."
                : $"Import {importId} is {status}, not applied: there is nothing to undo.");
        }

        // A later count (import, clear, or undo) of an item replaced what this import set: that count
        // stands. An item this import started tracking goes only if nothing at all touched it since.
        await ExecuteAsync(CreatePlan, ct);
        await ExecuteAsync($"""
            INSERT INTO undo_plan
            SELECT m."Warehouse", m."WarehouseKey", m."Sku", m."SkuKey", m."Change", m."Tracking",
                   CASE WHEN EXISTS ({LaterMovement} AND l."Reason" IN ('Import', 'Clear', 'Undo')) THEN 'CountedSince'
                        WHEN m."Tracking" = 1 AND EXISTS ({LaterMovement}) THEN 'ChangedSince'
                   END
            FROM "StockMovements" m
            WHERE m."ImportId" = @import AND m."Reason" = 'Import'
            """, ct, parameters);

        await ExecuteAsync(MovementSql.Insert + $"""
            SELECT @instance, i."Warehouse", i."WarehouseKey", i."Sku", i."SkuKey", -p."Change", i."Quantity" - p."Change",
                   'Undo', NULL, @import, @user, @now, NULL, NULL, 0
            FROM undo_plan p {PlanJoinsItem}
            WHERE p."Conflict" IS NULL AND p."Tracking" = 0
            ORDER BY p."SkuKey", p."WarehouseKey"
            """, ct, parameters);
        var reverted = await ExecuteAsync("""
            UPDATE "StockItems" SET "Quantity" = "StockItems"."Quantity" - p."Change", "UpdatedAt" = @now
            FROM undo_plan p
            WHERE "StockItems"."InstanceId" = @instance AND "StockItems"."SkuKey" = p."SkuKey"
              AND "StockItems"."WarehouseKey" = p."WarehouseKey" AND p."Conflict" IS NULL AND p."Tracking" = 0
            """, ct, parameters);

        await ExecuteAsync(MovementSql.Insert + $"""
            SELECT @instance, i."Warehouse", i."WarehouseKey", i."Sku", i."SkuKey", -i."Quantity", 0,
                   'Undo', NULL, @import, @user, @now, NULL, NULL, -1
            FROM undo_plan p {PlanJoinsItem}
            WHERE p."Conflict" IS NULL AND p."Tracking" = 1
            ORDER BY p."SkuKey", p."WarehouseKey"
            """, ct, parameters);
        var untracked = await ExecuteAsync("""
            DELETE FROM "StockItems"
            WHERE "InstanceId" = @instance
              AND ("SkuKey", "WarehouseKey") IN (SELECT "SkuKey", "WarehouseKey" FROM undo_plan WHERE "Conflict" IS NULL AND "Tracking" = 1)
            """, ct, parameters);
        await ItemsChangedAsync(instanceId, -untracked, ct);
        return await FinishUndoAsync(importId, reverted, untracked, ct);
    }

    public async Task<UndoResult> UndoClearAsync(int instanceId, long clearId, string user, DateTime now, CancellationToken ct)
    {
        await LockInstanceForCountAsync(instanceId, ct);
        (string, object?)[] parameters = [("@instance", instanceId), ("@clear", clearId), ("@user", user), ("@now", now)];
        if (await ExecuteAsync("""
                UPDATE "Clears" SET "UndoneAt" = @now, "UndoneBy" = @user
                WHERE "Id" = @clear AND "InstanceId" = @instance AND "UndoneAt" IS NULL
                """, ct, parameters) == 0)
            throw await ClearExistsAsync(instanceId, clearId, ct)
                ? new ConflictException($"Clear {clearId} was undone already.")
                : new NotFoundException($"Clear {clearId} does not exist in this instance.");

        // The plan's Change is the quantity the item had when cleared.
        await ExecuteAsync(CreatePlan, ct);
        await ExecuteAsync("""
            INSERT INTO undo_plan
            SELECT m."Warehouse", m."WarehouseKey", m."Sku", m."SkuKey", -m."Change", 1,
                   CASE WHEN EXISTS (SELECT 1 FROM "StockItems" i
                                     WHERE i."InstanceId" = @instance AND i."SkuKey" = m."SkuKey" AND i."WarehouseKey" = m."WarehouseKey")
                        THEN 'TrackedSince' END
            FROM "StockMovements" m
            WHERE m."ClearId" = @clear AND m."Reason" = 'Clear'
            """, ct, parameters);
        await ExecuteAsync(MovementSql.Insert + """
            SELECT @instance, "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Change", "Change", 'Undo', NULL, NULL, @user, @now, NULL, @clear, 1
            FROM undo_plan WHERE "Conflict" IS NULL
            ORDER BY "SkuKey", "WarehouseKey"
            """, ct, parameters);
        var tracked = await ExecuteAsync("""
            INSERT INTO "StockItems" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Quantity", "UpdatedAt")
            SELECT @instance, "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Change", @now
            FROM undo_plan WHERE "Conflict" IS NULL
            ORDER BY "SkuKey", "WarehouseKey"
            """, ct, parameters);
        await ItemsChangedAsync(instanceId, tracked, ct);
        return await FinishUndoAsync(clearId, tracked, 0, ct);
    }

    private async Task<bool> ClearExistsAsync(int instanceId, long clearId, CancellationToken ct)
    {
        await using var command = Command("""SELECT COUNT(*) FROM "Clears" WHERE "Id" = @clear AND "InstanceId" = @instance""",
            ("@clear", clearId), ("@instance", instanceId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Reads the items the plan left alone, and lets the plan go.</summary>
    private async Task<UndoResult> FinishUndoAsync(long id, int reverted, int untracked, CancellationToken ct)
    {
        var conflicts = await Sql.ListAsync(Connection, Transaction, $"""
            SELECT "Warehouse", "Sku", "Conflict" FROM undo_plan WHERE "Conflict" IS NOT NULL
            ORDER BY "SkuKey", "WarehouseKey" LIMIT {ImportPreview.MaxListed}
            """, r => new UndoConflict(r.GetString(0), r.GetString(1), Enum.Parse<UndoConflictReason>(r.GetString(2))), ct);
        var conflictCount = (int)await Sql.ScalarAsync(Connection, Transaction,
            """SELECT COUNT(*) FROM undo_plan WHERE "Conflict" IS NOT NULL""", ct);
        await ExecuteAsync("DROP TABLE undo_plan", ct);
        return new UndoResult(id, reverted, untracked, conflicts, conflictCount);
    }

    private DbConnection Connection => db.Database.GetDbConnection();

    private DbTransaction? Transaction => db.Database.CurrentTransaction?.GetDbTransaction();

    private Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        Sql.ExecuteAsync(Connection, Transaction, sql, ct, parameters);
}
