using Inventory.Domain.Import;
using Inventory.Domain.Stock;
using Npgsql;

namespace Inventory.Domain.Persistence.Postgres;

/// <summary>
/// Applies a previewed import (rules 1, 2), PostgreSQL dialect: set-based, from its kept rows, in one
/// transaction holding the instance row FOR UPDATE, so no order's stock change interleaves with it.
/// </summary>
internal static class PostgresImportApply
{
    private const int AnalyzeAfterChanges = 10_000;

    public static async Task<AppliedImport> ApplyAsync(NpgsqlConnection connection, ImportApplication apply, CancellationToken ct)
    {
        (string, object?)[] parameters = [("@instance", apply.InstanceId), ("@import", apply.ImportId), ("@user", apply.User), ("@now", apply.Now)];
        AppliedImport applied;
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await Sql.ExecuteAsync(connection, tx, PostgresBulkStatements.InstanceForCount, ct, parameters);
            var (rowsRead, carried) = await ImportRowsSql.StartApplyAsync(connection, tx, apply, ct);

            // Ledger first, while the old quantities are still there to compute the change from (rule 10).
            var changed = await Sql.ExecuteAsync(connection, tx, MovementSql.Insert + """
                SELECT @instance, COALESCE(i."Warehouse", r."Warehouse", r."WarehouseKey"), r."WarehouseKey",
                       COALESCE(i."Sku", r."Sku", r."SkuKey"), r."SkuKey",
                       r."Quantity" - COALESCE(i."Quantity", 0), r."Quantity", 'Import', NULL, @import, @user, @now, NULL, NULL,
                       CASE WHEN i."Id" IS NULL THEN 1 ELSE 0 END
                FROM "ImportRows" r
                LEFT JOIN "StockItems" i
                  ON i."InstanceId" = @instance AND i."SkuKey" = r."SkuKey" AND i."WarehouseKey" = r."WarehouseKey"
                WHERE r."ImportId" = @import AND (i."Id" IS NULL OR i."Quantity" <> r."Quantity")
                ORDER BY r."SkuKey", r."WarehouseKey"
                """, ct, parameters);

            // xmax is 0 on a row this statement inserted: created and updated come from the upsert itself.
            var created = (int)await Sql.ScalarAsync(connection, tx, """
                WITH applied AS (
                    INSERT INTO "StockItems" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Quantity", "UpdatedAt")
                    SELECT @instance, COALESCE("Warehouse", "WarehouseKey"), "WarehouseKey", COALESCE("Sku", "SkuKey"), "SkuKey", "Quantity", @now
                    FROM "ImportRows" WHERE "ImportId" = @import
                    ORDER BY "SkuKey", "WarehouseKey"
                    ON CONFLICT ("InstanceId", "SkuKey", "WarehouseKey")
                    DO UPDATE SET "Quantity" = excluded."Quantity", "UpdatedAt" = excluded."UpdatedAt"
                    WHERE "StockItems"."Quantity" <> excluded."Quantity"
                    RETURNING xmax = 0 AS inserted)
                SELECT count(*) FILTER (WHERE inserted) FROM applied
                """, ct, parameters);

            var summary = new ImportSummary(apply.ImportId, rowsRead, created, changed - created, rowsRead - changed);
            await Sql.ExecuteAsync(connection, tx, """
                UPDATE "Instances" SET "ItemCount" = "ItemCount" + @created,
                    "ItemsVersion" = "ItemsVersion" + CASE WHEN @created > 0 THEN 1 ELSE 0 END WHERE "Id" = @instance
                """, ct, ("@created", created), ("@instance", apply.InstanceId));
            await ImportRowsSql.FinishApplyAsync(connection, tx, apply.ImportId, summary, apply.User, apply.Now, ct);
            await tx.CommitAsync(ct);
            applied = new AppliedImport(summary, carried);
        }
        // A big import changes what the grid's query plans should be (a million new items, say), and
        // autovacuum would notice only a minute or so later: until then every page would pay for it.
        if (applied.Summary.Created + applied.Summary.Updated >= AnalyzeAfterChanges)
            await Sql.ExecuteAsync(connection, null, """ANALYZE "StockItems", "StockMovements" """, CancellationToken.None);
        return applied;
    }
}
