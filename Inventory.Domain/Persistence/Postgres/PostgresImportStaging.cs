using System.Data.Common;
using Inventory.Domain.Stock;
using Npgsql;
using NpgsqlTypes;

namespace Inventory.Domain.Persistence.Postgres;

/// <summary>
/// The import's bulk path (rule 2), PostgreSQL dialect: rows stream into a temp table by binary COPY
/// while the parser reads (nothing locked meanwhile); once the whole file is valid they are kept in
/// <c>ImportRows</c> in one statement.
/// </summary>
/// <remarks>
/// COPY cannot answer per row, so the keys staged so far are kept here in memory to notice a repeated
/// item as it comes; only then does <see cref="CompleteAsync"/> list the repeats, from the staged rows.
/// </remarks>
internal sealed class PostgresImportStaging(NpgsqlConnection connection) : IImportStaging
{
    private const int AnalyzeAfterRows = 10_000;

    private readonly HashSet<(string WarehouseKey, string SkuKey)> _staged = [];
    private bool _repeated;
    private bool _asins;
    private NpgsqlBinaryImporter? _copy;

    public async Task BeginAsync(CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, null, """
            DROP TABLE IF EXISTS pg_temp.import_staging;
            CREATE TEMP TABLE import_staging (
                "WarehouseKey" text NOT NULL, "SkuKey" text NOT NULL, "Warehouse" text, "Sku" text,
                "Quantity" integer NOT NULL, "RowNumber" integer NOT NULL, "Asin" text);
            """, ct);
        _copy = await connection.BeginBinaryImportAsync("""
            COPY import_staging ("WarehouseKey", "SkuKey", "Warehouse", "Sku", "Quantity", "RowNumber", "Asin") FROM STDIN (FORMAT BINARY)
            """, ct);
    }

    public void Stage(StockItemKey item, int quantity, int row, string? asin)
    {
        // A repeat is staged too, so the rows can name it; the file is refused before anything is kept.
        _repeated |= !_staged.Add((item.WarehouseKey, item.SkuKey));
        var copy = _copy!;
        copy.StartRow();
        copy.Write(item.WarehouseKey, NpgsqlDbType.Text);
        copy.Write(item.SkuKey, NpgsqlDbType.Text);
        // The typed text only where it differs from the key, as the SQLite staging does.
        WriteUnlessSame(copy, item.Warehouse, item.WarehouseKey);
        WriteUnlessSame(copy, item.Sku, item.SkuKey);
        copy.Write(quantity, NpgsqlDbType.Integer);
        copy.Write(row, NpgsqlDbType.Integer);
        if (asin is null)
            copy.WriteNull();
        else
        {
            copy.Write(asin, NpgsqlDbType.Text);
            _asins = true;
        }
    }

    private static void WriteUnlessSame(NpgsqlBinaryImporter copy, string text, string key)
    {
        if (text == key)
            copy.WriteNull();
        else
            copy.Write(text, NpgsqlDbType.Text);
    }

    public async Task CompleteAsync(Action<RepeatedRow> repeated, CancellationToken ct)
    {
        if (_copy is not null)
        {
            await _copy.CompleteAsync(ct);
            await _copy.DisposeAsync();
            _copy = null;
        }
        if (!_repeated)
            return;
        await StagedRepeats.ReportAsync(connection, null, """
            SELECT "RowNumber", COALESCE("Warehouse", "WarehouseKey"), COALESCE("Sku", "SkuKey"), "FirstRow"
            FROM (SELECT *, min("RowNumber") OVER (PARTITION BY "SkuKey", "WarehouseKey") AS "FirstRow" FROM import_staging) AS s
            WHERE "RowNumber" <> "FirstRow"
            ORDER BY "RowNumber"
            """, repeated, ct);
    }

    public async Task KeepAsync(long importId, DbTransaction tx, CancellationToken ct)
    {
        // As on SQLite: with ASINs in the file, each is kept on its last row only.
        await Sql.ExecuteAsync(connection, tx, $"""
            INSERT INTO "ImportRows" ("ImportId", "SkuKey", "WarehouseKey", "Sku", "Warehouse", "Counted", "Quantity"{(_asins ? ", \"Asin\"" : "")})
            SELECT @import, "SkuKey", "WarehouseKey", "Sku", "Warehouse", "Quantity", "Quantity"{(_asins ? ", " + ImportRowsSql.AsinOnItsLastRow : "")}
            FROM import_staging
            ORDER BY "SkuKey", "WarehouseKey"
            """, ct, ("@import", importId));
        // Autovacuum would see a million new rows only later: the preview's and the apply's joins need
        // to know now how many there are to pick a plan for them.
        if (_staged.Count >= AnalyzeAfterRows)
            await Sql.ExecuteAsync(connection, tx, """ANALYZE "ImportRows" """, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_copy is not null)
            await _copy.DisposeAsync(); // cancels an unfinished COPY
        // The connection goes back to the pool; its temp table must not go with it.
        if (connection.State == System.Data.ConnectionState.Open)
            await Sql.ExecuteAsync(connection, null, "DROP TABLE IF EXISTS pg_temp.import_staging", CancellationToken.None);
    }
}
