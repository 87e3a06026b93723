using System.Data.Common;
using System.Globalization;
using Inventory.Domain.Stock;
using Microsoft.Data.Sqlite;

namespace Inventory.Domain.Persistence.Sqlite;

/// <summary>
/// The import's staging (rule 2), SQLite dialect. Rows are first staged into a temp table on the
/// import's own connection while the parser reads (no write lock on the database, so accepts go on
/// meanwhile); once the whole file is valid they are kept in <c>ImportRows</c> in one statement.
/// </summary>
/// <remarks>
/// The staging key is (SKU, warehouse), the order of the kept rows and of the stock and ledger indexes,
/// so every later INSERT … SELECT appends to its B-tree in order instead of writing all over it — that
/// ordering is most of the import's speed. See docs/decisions/0001-import-stages-then-applies.md.
/// </remarks>
internal sealed class SqliteImportStaging(SqliteConnection connection) : IImportStaging
{
    // A bounded cache keeps a million-row import's memory flat: the staging table lives in a temp file
    // (the OS caches it, outside the process) behind a modest cache, back to SQLite's default before
    // the connection returns to the pool.
    private const int StagingCacheKiB = 32 * 1024;

    private SqliteCommand? _insert;
    private SqliteTransaction? _stagingTx;

    public async Task BeginAsync(CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, null, $"PRAGMA temp_store = FILE; PRAGMA temp.cache_size = -{StagingCacheKiB};", ct);
        await Sql.ExecuteAsync(connection, null, """
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
        return _insert.ExecuteNonQuery() == 1;
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

    public async Task KeepAsync(long importId, DbTransaction tx, CancellationToken ct)
    {
        // As for an apply: the commit must not copy the WAL into the database file on the seller's wait.
        // The apply's background checkpoint takes these pages along; a preview never applied leaves
        // them to the next commit's.
        await Sql.ExecuteAsync(connection, tx, "PRAGMA wal_autocheckpoint = 0;", ct);
        await Sql.ExecuteAsync(connection, tx, """
            INSERT INTO "ImportRows" ("ImportId", "SkuKey", "WarehouseKey", "Sku", "Warehouse", "Counted", "Quantity")
            SELECT @import, SkuKey, WarehouseKey, Sku, Warehouse, Quantity, Quantity
            FROM temp.import_staging
            ORDER BY SkuKey, WarehouseKey
            """, ct, ("@import", importId));
    }

    public async ValueTask DisposeAsync()
    {
        _insert?.Dispose();
        _stagingTx?.Dispose();
        // The connection goes back to the pool; its temp table must not go with it.
        if (connection.State == System.Data.ConnectionState.Open)
            await Sql.ExecuteAsync(connection, null, $"DROP TABLE IF EXISTS temp.import_staging; PRAGMA temp.cache_size = -{SqliteImportApply.DefaultCacheKiB}; " +
                               $"PRAGMA wal_autocheckpoint = {SqliteImportApply.DefaultAutoCheckpointPages};", CancellationToken.None);
    }
}
