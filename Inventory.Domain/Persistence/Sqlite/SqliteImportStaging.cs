using System.Data.Common;
using Inventory.Domain.Stock;
using Microsoft.Data.Sqlite;

namespace Inventory.Domain.Persistence.Sqlite;

/// <summary>
/// The import's staging (rule 2), SQLite dialect. Rows are first staged into a temp table on the
/// import's own connection while the parser reads (no write lock on the database, so accepts go on
/// meanwhile), then sorted into a keyed temp table, which finds repeated items; once the whole file is
/// valid they are kept in <c>ImportRows</c> in one statement.
/// </summary>
/// <remarks>
/// While the parser reads, rows are appended in the file's order: a shuffled file inserted straight
/// into a keyed table writes its B-tree all over (alone, 1M rows took 5.6–6.4 s to stage that way
/// against 2.1–2.8 s appended), and a .csv's writer fell behind its parser. One sort afterwards (with
/// SQLite's sorter threads) costs about 1 s. The key is (SKU, warehouse), the order of the kept rows and of the
/// stock and ledger indexes, so every later INSERT … SELECT appends to its B-tree in order instead of
/// writing all over it — that ordering is most of the import's speed. See
/// docs/decisions/0001-import-stages-then-applies.md.
/// </remarks>
internal sealed class SqliteImportStaging(SqliteConnection connection) : IImportStaging
{
    // A bounded cache keeps a million-row import's memory flat: the staging tables live in a temp file
    // (the OS caches it, outside the process) behind a modest cache, back to SQLite's default before
    // the connection returns to the pool.
    private const int StagingCacheKiB = 32 * 1024;

    private SqliteCommand? _insert;
    private SqliteTransaction? _stagingTx;
    private int _staged;
    private bool _asins;

    public async Task BeginAsync(CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, null,
            $"PRAGMA temp_store = FILE; PRAGMA temp.cache_size = -{StagingCacheKiB}; PRAGMA threads = {SqliteEngine.SortThreads};", ct);
        await Sql.ExecuteAsync(connection, null, """
            DROP TABLE IF EXISTS temp.import_staging;
            DROP TABLE IF EXISTS temp.import_keyed;
            CREATE TEMP TABLE import_staging (
                WarehouseKey TEXT NOT NULL, SkuKey TEXT NOT NULL,
                Warehouse TEXT, Sku TEXT,
                Quantity INTEGER NOT NULL, RowNumber INTEGER NOT NULL, Asin TEXT);
            """, ct);
        // A deferred transaction on the temp schema only: batches the inserts without locking the file.
        _stagingTx = connection.BeginTransaction(deferred: true);
        _insert = connection.CreateCommand();
        _insert.Transaction = _stagingTx;
        _insert.CommandText = """
            INSERT INTO temp.import_staging (WarehouseKey, SkuKey, Warehouse, Sku, Quantity, RowNumber, Asin)
            VALUES ($wk, $sk, $w, $s, $q, $r, $a)
            """;
        foreach (var name in new[] { "$wk", "$sk", "$w", "$s", "$q", "$r", "$a" })
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        _insert.Prepare();
    }

    public void Stage(StockItemKey item, int quantity, int row, string? asin)
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
        p[6].Value = (object?)asin ?? DBNull.Value;
        _asins |= asin is not null;
        _insert.ExecuteNonQuery();
        _staged++;
    }

    public async Task CompleteAsync(Action<RepeatedRow> repeated, CancellationToken ct)
    {
        _insert?.Dispose();
        _insert = null;
        // Sorted by row within a key, so the first row of each item is the one kept.
        await Sql.ExecuteAsync(connection, _stagingTx, """
            CREATE TEMP TABLE import_keyed (
                SkuKey TEXT NOT NULL, WarehouseKey TEXT NOT NULL,
                Warehouse TEXT, Sku TEXT,
                Quantity INTEGER NOT NULL, RowNumber INTEGER NOT NULL, Asin TEXT,
                PRIMARY KEY (SkuKey, WarehouseKey)) WITHOUT ROWID;
            """, ct);
        // A statement of its own: in one command, the CREATE would add the last staged insert's change
        // (SQLite reports that count until another row is written) to the rows kept.
        var kept = await Sql.ExecuteAsync(connection, _stagingTx, """
            INSERT INTO temp.import_keyed (SkuKey, WarehouseKey, Warehouse, Sku, Quantity, RowNumber, Asin)
            SELECT SkuKey, WarehouseKey, Warehouse, Sku, Quantity, RowNumber, Asin
            FROM temp.import_staging
            ORDER BY SkuKey, WarehouseKey, RowNumber
            ON CONFLICT DO NOTHING;
            """, ct);
        if (kept < _staged)
            await StagedRepeats.ReportAsync(connection, _stagingTx, """
                SELECT s.RowNumber, COALESCE(s.Warehouse, s.WarehouseKey), COALESCE(s.Sku, s.SkuKey), k.RowNumber
                FROM temp.import_staging AS s
                JOIN temp.import_keyed AS k ON k.SkuKey = s.SkuKey AND k.WarehouseKey = s.WarehouseKey
                WHERE s.RowNumber <> k.RowNumber
                ORDER BY s.RowNumber
                """, repeated, ct);
        await Sql.ExecuteAsync(connection, _stagingTx, "DROP TABLE temp.import_staging;", ct);
        _stagingTx!.Commit();
        _stagingTx.Dispose();
        _stagingTx = null;
    }

    public async Task KeepAsync(long importId, DbTransaction tx, CancellationToken ct)
    {
        // As for an apply: the commit must not copy the WAL into the database file on the seller's wait.
        // The apply's background checkpoint takes these pages along; a preview never applied leaves
        // them to the next commit's.
        await Sql.ExecuteAsync(connection, tx, "PRAGMA wal_autocheckpoint = 0;", ct);
        // A file without ASINs keeps its rows as before; with them, each ASIN is kept on its last row only.
        await Sql.ExecuteAsync(connection, tx, $"""
            INSERT INTO "ImportRows" ("ImportId", "SkuKey", "WarehouseKey", "Sku", "Warehouse", "Counted", "Quantity"{(_asins ? ", \"Asin\"" : "")})
            SELECT @import, SkuKey, WarehouseKey, Sku, Warehouse, Quantity, Quantity{(_asins ? ", " + ImportRowsSql.AsinOnItsLastRow : "")}
            FROM temp.import_keyed
            ORDER BY SkuKey, WarehouseKey
            """, ct, ("@import", importId));
    }

    public async ValueTask DisposeAsync()
    {
        _insert?.Dispose();
        _stagingTx?.Dispose();
        // The connection goes back to the pool; its temp tables must not go with it.
        if (connection.State == System.Data.ConnectionState.Open)
            await Sql.ExecuteAsync(connection, null,
                "DROP TABLE IF EXISTS temp.import_staging; DROP TABLE IF EXISTS temp.import_keyed; " + SqliteEngine.ImportSettingsUndone,
                CancellationToken.None);
    }
}
