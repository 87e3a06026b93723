using System.Globalization;
using Inventory.Domain.Import;
using Inventory.Domain.Stock;
using Microsoft.Data.Sqlite;

namespace Inventory.Domain.Persistence.Sqlite;

/// <summary>
/// The import's bulk path (rule 2), SQLite dialect, in one place. Rows are first staged into a temp
/// table on the import's own connection while the parser reads (no write lock on the database, so
/// accepts go on meanwhile), and then applied set-based in one short IMMEDIATE transaction.
/// </summary>
/// <remarks>
/// The staging key is (SKU, warehouse), the order of the stock and ledger indexes, so the final
/// INSERT … SELECT statements append to those B-trees in order instead of writing all over them —
/// that ordering is most of the import's speed. See docs/decisions/0001-import-stages-then-applies.md.
/// </remarks>
internal sealed class SqliteImportStaging(SqliteConnection connection) : IImportStaging
{
    // Bounded caches keep a million-row import's memory flat: the staging table lives in a temp file
    // (the OS caches it, outside the process) behind a modest cache, and so does the apply. A dirty
    // page the apply spills goes to the WAL, which the OS caches too: measured at 1M rows, 16 MB was
    // no slower than 64 MB and kept the peak under 300 MB (docs/decisions/0005). Both go back to
    // SQLite's default before the connection returns to the pool.
    private const int StagingCacheKiB = 32 * 1024;
    private const int ApplyCacheKiB = 16 * 1024;
    private const int DefaultCacheKiB = 2000;
    private const int DefaultAutoCheckpointPages = 1000;

    // Building the grid's indexes afresh pays off once an import writes a good part of the table.
    private const int LargeApplyRows = 100_000;
    private const double LargeApplyShare = 0.5;

    private SqliteCommand? _insert;
    private int _staged;
    private SqliteTransaction? _stagingTx;

    public async Task BeginAsync(CancellationToken ct)
    {
        await ExecuteAsync($"PRAGMA temp_store = FILE; PRAGMA temp.cache_size = -{StagingCacheKiB};", ct);
        await ExecuteAsync("""
            DROP TABLE IF EXISTS temp.import_staging;
            CREATE TEMP TABLE import_staging (
                WarehouseKey TEXT NOT NULL, SkuKey TEXT NOT NULL,
                Warehouse TEXT, Sku TEXT,
                Quantity INTEGER NOT NULL, RowNumber INTEGER NOT NULL,
                PRIMARY KEY (SkuKey, WarehouseKey)) WITHOUT ROWID;
            """, ct);
        // A deferred transaction on the temp schema only: batches the inserts without locking the file.
        _stagingTx = connection.BeginTransaction(deferred: true);
        _insert = connection.CreateCommand();
        _insert.Transaction = _stagingTx;
        _insert.CommandText = """
            INSERT INTO temp.import_staging (WarehouseKey, SkuKey, Warehouse, Sku, Quantity, RowNumber)
            VALUES ($wk, $sk, $w, $s, $q, $r) ON CONFLICT DO NOTHING
            """;
        foreach (var name in new[] { "$wk", "$sk", "$w", "$s", "$q", "$r" })
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        _insert.Prepare();
    }

    public bool Stage(StockItemKey item, int quantity, int row)
    {
        var p = _insert!.Parameters;
        p[0].Value = item.WarehouseKey;
        p[1].Value = item.SkuKey;
        // The typed text only where it differs from the key (usually it does not): smaller staged rows
        // mean fewer pages for the million-row case.
        p[2].Value = item.Warehouse == item.WarehouseKey ? DBNull.Value : item.Warehouse;
        p[3].Value = item.Sku == item.SkuKey ? DBNull.Value : item.Sku;
        p[4].Value = quantity;
        p[5].Value = row;
        if (_insert.ExecuteNonQuery() != 1)
            return false;
        _staged++;
        return true;
    }

    public int FirstRowOf(string warehouseKey, string skuKey)
    {
        using var command = connection.CreateCommand();
        command.Transaction = _stagingTx;
        command.CommandText = "SELECT RowNumber FROM temp.import_staging WHERE WarehouseKey = $wk AND SkuKey = $sk";
        command.Parameters.AddWithValue("$wk", warehouseKey);
        command.Parameters.AddWithValue("$sk", skuKey);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Complete()
    {
        _insert?.Dispose();
        _insert = null;
        _stagingTx?.Commit();
        _stagingTx?.Dispose();
        _stagingTx = null;
    }

    public async Task<ImportSummary> ApplyAsync(int instanceId, string fileName, string user, DateTime now,
        int rowsRead, CancellationToken ct)
    {
        // The apply's commit would otherwise copy the WAL into the database file itself (auto-checkpoint),
        // hundreds of megabytes after a big import, before the seller sees the result: that is done
        // right after, on a connection of its own (CheckpointSoon).
        await ExecuteAsync($"PRAGMA cache_size = -{ApplyCacheKiB}; PRAGMA wal_autocheckpoint = 0;", ct);
        await using var tx = connection.BeginTransaction(); // IMMEDIATE: the one writer, for a short while
        var itemsBefore = (int)await ScalarAsync<long>(tx, """SELECT "ItemCount" FROM "Instances" WHERE "Id" = $instance""", ct,
            ("$instance", instanceId));
        var importId = await ScalarAsync<long>(tx, """
            INSERT INTO "Imports" ("InstanceId", "FileName", "User", "At", "RowsRead", "Created", "Updated", "Unchanged", "Outcome")
            VALUES ($instance, $file, $user, $now, $rows, 0, 0, 0, 'Applied')
            RETURNING "Id"
            """, ct, ("$instance", instanceId), ("$file", fileName), ("$user", user), ("$now", now), ("$rows", rowsRead));

        // Ledger first, while the old quantities are still there to compute the change from (rule 10).
        // One ledger row per created or changed item, so its count is created + updated.
        var changed = await ExecuteAsync(tx, MovementSql.Insert + """
            SELECT $instance, COALESCE(i."Warehouse", s.Warehouse, s.WarehouseKey), s.WarehouseKey,
                   COALESCE(i."Sku", s.Sku, s.SkuKey), s.SkuKey,
                   s.Quantity - COALESCE(i."Quantity", 0), s.Quantity, 'Import', NULL, $import, $user, $now, NULL
            FROM temp.import_staging s
            LEFT JOIN "StockItems" i
              ON i."InstanceId" = $instance AND i."WarehouseKey" = s.WarehouseKey AND i."SkuKey" = s.SkuKey
            WHERE i."Id" IS NULL OR i."Quantity" <> s.Quantity
            ORDER BY s.SkuKey, s.WarehouseKey
            """, ct, ("$instance", instanceId), ("$import", importId), ("$user", user), ("$now", now));

        var rebuilt = await DropSecondaryIndexesIfLargeAsync(tx, ct);
        // "WHERE true" is SQLite's required disambiguation between a join and the ON CONFLICT clause.
        await ExecuteAsync(tx, """
            INSERT INTO "StockItems" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Quantity", "UpdatedAt")
            SELECT $instance, COALESCE(Warehouse, WarehouseKey), WarehouseKey, COALESCE(Sku, SkuKey), SkuKey, Quantity, $now
            FROM temp.import_staging WHERE true
            ORDER BY SkuKey, WarehouseKey
            ON CONFLICT ("InstanceId", "SkuKey", "WarehouseKey")
            DO UPDATE SET "Quantity" = excluded."Quantity", "UpdatedAt" = excluded."UpdatedAt"
            WHERE "StockItems"."Quantity" <> excluded."Quantity"
            """, ct, ("$instance", instanceId), ("$now", now));

        // Each build sorts its entries in the apply's (small) cache and spills the rest to a temp file.
        foreach (var create in rebuilt)
            await ExecuteAsync(tx, create, ct);

        // Counting the items after (the count before is kept on the instance) spares a third pass
        // joining the staged rows to the stock.
        var itemsAfter = await CountItemsAsync(tx, instanceId, ct);
        var created = itemsAfter - itemsBefore;
        var (updated, unchanged) = (changed - created, _staged - changed);
        await ExecuteAsync(tx, """
            UPDATE "Imports" SET "Created" = $created, "Updated" = $updated, "Unchanged" = $unchanged WHERE "Id" = $import;
            UPDATE "Instances" SET "ItemCount" = $items, "ItemsVersion" = "ItemsVersion" + ($created > 0) WHERE "Id" = $instance;
            """, ct, ("$created", created), ("$updated", updated), ("$unchanged", unchanged), ("$import", importId),
            ("$items", itemsAfter), ("$instance", instanceId));
        await tx.CommitAsync(ct);
        CheckpointSoon(connection.ConnectionString);
        return new ImportSummary(importId, rowsRead, created, updated, unchanged);
    }

    /// <summary>
    /// Copies the import's pages from the WAL into the database file in the background. PASSIVE: it
    /// never blocks readers or writers, and a writer committing meanwhile simply skips its own attempt.
    /// </summary>
    private static void CheckpointSoon(string connectionString) => _ = Task.Run(async () =>
    {
        try
        {
            await using var other = new SqliteConnection(connectionString);
            await other.OpenAsync();
            await using var command = other.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await command.ExecuteNonQueryAsync();
        }
        catch (SqliteException)
        {
            // The next commit's auto-checkpoint does it instead.
        }
    });

    /// <summary>
    /// When the import writes a large share of the stock table, its secondary indexes (the grid's sorts)
    /// are dropped for the apply and built again after it, in the same transaction: rows arrive in SKU
    /// order, so an index on quantity would be written all over, row by row, several times slower than
    /// one sorted build. The unique index stays: the upsert needs it. Returns the statements that
    /// build them again, as the schema has them.
    /// </summary>
    private async Task<IReadOnlyList<string>> DropSecondaryIndexesIfLargeAsync(SqliteTransaction tx, CancellationToken ct)
    {
        if (_staged < LargeApplyRows
            || _staged < await ScalarAsync<long>(tx, """SELECT count(*) FROM "StockItems" """, ct) * LargeApplyShare)
            return [];
        var indexes = new List<(string Name, string Create)>();
        await using (var command = Command(tx, """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND tbl_name = 'StockItems' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
            """))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                indexes.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var (name, _) in indexes)
            await ExecuteAsync(tx, $"""DROP INDEX "{name.Replace("\"", "\"\"", StringComparison.Ordinal)}" """, ct);
        return indexes.Select(i => i.Create).ToList();
    }

    private async Task<int> CountItemsAsync(SqliteTransaction tx, int instanceId, CancellationToken ct) =>
        (int)await ScalarAsync<long>(tx, """SELECT COUNT(*) FROM "StockItems" WHERE "InstanceId" = $instance""", ct,
            ("$instance", instanceId));

    public async ValueTask DisposeAsync()
    {
        _insert?.Dispose();
        _stagingTx?.Dispose();
        // The connection goes back to the pool; its temp table must not go with it.
        if (connection.State == System.Data.ConnectionState.Open)
            await ExecuteAsync($"DROP TABLE IF EXISTS temp.import_staging; PRAGMA cache_size = -{DefaultCacheKiB}; PRAGMA temp.cache_size = -{DefaultCacheKiB}; PRAGMA wal_autocheckpoint = {DefaultAutoCheckpointPages};",
                CancellationToken.None);
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<int> ExecuteAsync(SqliteTransaction tx, string sql, CancellationToken ct, params (string, object)[] parameters)
    {
        await using var command = Command(tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<T> ScalarAsync<T>(SqliteTransaction tx, string sql, CancellationToken ct, params (string, object)[] parameters)
    {
        await using var command = Command(tx, sql, parameters);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(ct))!, typeof(T), CultureInfo.InvariantCulture);
    }

    private SqliteCommand Command(SqliteTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }
}
