using Inventory.Domain.Import;
using Inventory.Domain.Stock;
using Npgsql;
using NpgsqlTypes;

namespace Inventory.Domain.Persistence.Postgres;

/// <summary>
/// The import's bulk path (rule 2), PostgreSQL dialect: rows stream into a temp table by binary COPY
/// while the parser reads (nothing locked meanwhile), then one transaction applies them set-based.
/// </summary>
/// <remarks>
/// COPY cannot answer per row, so the first row of each (warehouse, SKU) is kept here in memory to
/// refuse a repeated item at once, naming both rows.
/// </remarks>
internal sealed class PostgresImportStaging(NpgsqlConnection connection) : IImportStaging
{
    private const int AnalyzeAfterChanges = 10_000;

    private readonly Dictionary<(string WarehouseKey, string SkuKey), int> _firstRows = new();
    private NpgsqlBinaryImporter? _copy;

    public async Task BeginAsync(CancellationToken ct)
    {
        await ExecuteAsync(null, """
            DROP TABLE IF EXISTS pg_temp.import_staging;
            CREATE TEMP TABLE import_staging (
                "WarehouseKey" text NOT NULL, "SkuKey" text NOT NULL, "Warehouse" text, "Sku" text,
                "Quantity" integer NOT NULL, "RowNumber" integer NOT NULL);
            """, ct);
        _copy = await connection.BeginBinaryImportAsync("""
            COPY import_staging ("WarehouseKey", "SkuKey", "Warehouse", "Sku", "Quantity", "RowNumber") FROM STDIN (FORMAT BINARY)
            """, ct);
    }

    public bool Stage(StockItemKey item, int quantity, int row)
    {
        if (!_firstRows.TryAdd((item.WarehouseKey, item.SkuKey), row))
            return false;
        var copy = _copy!;
        copy.StartRow();
        copy.Write(item.WarehouseKey, NpgsqlDbType.Text);
        copy.Write(item.SkuKey, NpgsqlDbType.Text);
        // The typed text only where it differs from the key, as the SQLite staging does.
        WriteUnlessSame(copy, item.Warehouse, item.WarehouseKey);
        WriteUnlessSame(copy, item.Sku, item.SkuKey);
        copy.Write(quantity, NpgsqlDbType.Integer);
        copy.Write(row, NpgsqlDbType.Integer);
        return true;
    }

    private static void WriteUnlessSame(NpgsqlBinaryImporter copy, string text, string key)
    {
        if (text == key)
            copy.WriteNull();
        else
            copy.Write(text, NpgsqlDbType.Text);
    }

    public int FirstRowOf(string warehouseKey, string skuKey) => _firstRows[(warehouseKey, skuKey)];

    public void Complete()
    {
        if (_copy is null)
            return;
        _copy.Complete();
        _copy.Dispose();
        _copy = null;
        // Temp tables get no autovacuum: without statistics the planner would guess the join below.
        ExecuteAsync(null, "ANALYZE import_staging", CancellationToken.None).GetAwaiter().GetResult();
    }

    public async Task<ImportSummary> ApplyAsync(int instanceId, string fileName, string user, DateTime now, int rowsRead,
        CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(tx, PostgresBulkStatements.InstanceForCount, ct, ("instance", instanceId));
        var importId = (long)(await ScalarAsync(tx, """
            INSERT INTO "Imports" ("InstanceId", "FileName", "User", "At", "RowsRead", "Created", "Updated", "Unchanged", "Outcome")
            VALUES (@instance, @file, @user, @now, @rows, 0, 0, 0, 'Applied')
            RETURNING "Id"
            """, ct, ("instance", instanceId), ("file", fileName), ("user", user), ("now", now), ("rows", rowsRead)))!;

        // Ledger first, while the old quantities are still there to compute the change from (rule 10).
        var changed = await ExecuteAsync(tx, MovementSql.Insert + """
            SELECT @instance, COALESCE(i."Warehouse", s."Warehouse", s."WarehouseKey"), s."WarehouseKey",
                   COALESCE(i."Sku", s."Sku", s."SkuKey"), s."SkuKey",
                   s."Quantity" - COALESCE(i."Quantity", 0), s."Quantity", 'Import', NULL, @import, @user, @now, NULL
            FROM import_staging s
            LEFT JOIN "StockItems" i
              ON i."InstanceId" = @instance AND i."WarehouseKey" = s."WarehouseKey" AND i."SkuKey" = s."SkuKey"
            WHERE i."Id" IS NULL OR i."Quantity" <> s."Quantity"
            ORDER BY s."SkuKey", s."WarehouseKey"
            """, ct, ("instance", instanceId), ("import", importId), ("user", user), ("now", now));

        // xmax is 0 on a row this statement inserted: created and updated come from the upsert itself.
        long created;
        await using (var upsert = Command(tx, """
            WITH applied AS (
                INSERT INTO "StockItems" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Quantity", "UpdatedAt")
                SELECT @instance, COALESCE("Warehouse", "WarehouseKey"), "WarehouseKey", COALESCE("Sku", "SkuKey"), "SkuKey", "Quantity", @now
                FROM import_staging
                ORDER BY "SkuKey", "WarehouseKey"
                ON CONFLICT ("InstanceId", "SkuKey", "WarehouseKey")
                DO UPDATE SET "Quantity" = excluded."Quantity", "UpdatedAt" = excluded."UpdatedAt"
                WHERE "StockItems"."Quantity" <> excluded."Quantity"
                RETURNING xmax = 0 AS inserted)
            SELECT count(*) FILTER (WHERE inserted) FROM applied
            """, ("instance", instanceId), ("now", now)))
            created = (long)(await upsert.ExecuteScalarAsync(ct))!;

        var (updated, unchanged) = (changed - (int)created, _firstRows.Count - changed);
        await ExecuteAsync(tx, """
            UPDATE "Imports" SET "Created" = @created, "Updated" = @updated, "Unchanged" = @unchanged WHERE "Id" = @import;
            UPDATE "Instances" SET "ItemCount" = "ItemCount" + @created,
                "ItemsVersion" = "ItemsVersion" + CASE WHEN @created > 0 THEN 1 ELSE 0 END WHERE "Id" = @instance;
            """, ct, ("created", (int)created), ("updated", updated), ("unchanged", unchanged), ("import", importId),
            ("instance", instanceId));
        await tx.CommitAsync(ct);
        // A big import changes what the grid's query plans should be (a million new items, say), and
        // autovacuum would notice only a minute or so later: until then every page would pay for it.
        if (changed >= AnalyzeAfterChanges)
            await ExecuteAsync(null, """ANALYZE "StockItems", "StockMovements" """, CancellationToken.None);
        return new ImportSummary(importId, rowsRead, (int)created, updated, unchanged);
    }

    public async ValueTask DisposeAsync()
    {
        if (_copy is not null)
            await _copy.DisposeAsync(); // cancels an unfinished COPY
        // The connection goes back to the pool; its temp table must not go with it.
        if (connection.State == System.Data.ConnectionState.Open)
            await ExecuteAsync(null, "DROP TABLE IF EXISTS pg_temp.import_staging", CancellationToken.None);
    }

    private async Task<int> ExecuteAsync(NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string, object)[] parameters)
    {
        await using var command = Command(tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<object?> ScalarAsync(NpgsqlTransaction tx, string sql, CancellationToken ct, params (string, object)[] parameters)
    {
        await using var command = Command(tx, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }

    private NpgsqlCommand Command(NpgsqlTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }
}
