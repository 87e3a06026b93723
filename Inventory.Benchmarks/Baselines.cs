using Inventory.Domain.Common;
using Microsoft.Data.Sqlite;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;

namespace Inventory.Benchmarks;

/// <summary>One line of a stock file as MiniExcel's typed read gives it: the file's three columns.</summary>
internal sealed class StockFileLine
{
    public string? Warehouse { get; set; }

    [ExcelColumnName("SKU")]
    public string? Sku { get; set; }

    public int Quantity { get; set; }
}

/// <summary>
/// The two halves of an import done the plain way the issue names, one after the other: what the
/// domain's import is compared with (R = import / (read + write)).
/// </summary>
internal static class Baselines
{
    /// <summary>(a) MiniExcel's typed <c>Query&lt;T&gt;</c> over the file, counting the rows (header not included).</summary>
    public static int ReadTyped(string path, string format)
    {
        using var stream = File.OpenRead(path);
        var rows = 0;
        foreach (var line in stream.Query<StockFileLine>(excelType: format == "xlsx" ? ExcelType.XLSX : ExcelType.CSV))
        {
            _ = line;
            rows++;
        }
        return rows;
    }
}

/// <summary>
/// A row ready for (b): its keys made, and both quantities it is written with — the file's, and the
/// every-quantity-changed file's (the same items in the same order, see
/// <see cref="StockFileGenerator.WithEveryQuantityChanged"/>).
/// </summary>
internal sealed record KeyedStockRow(string Warehouse, string WarehouseKey, string Sku, string SkuKey, int Quantity, int ChangedQuantity)
{
    /// <summary>
    /// The rows as (b) writes them, read beforehand (not timed): keyed as the domain keys them and
    /// sorted by the unique key (SKU, then warehouse, ordinal — SQLite's BINARY collation for these keys).
    /// </summary>
    public static KeyedStockRow[] SortedByKey(StockRow[] rows, StockRow[] changed)
    {
        if (rows.Length != changed.Length)
            throw new ArgumentException("The changed rows must be the same items as the rows.", nameof(changed));
        var keyed = new KeyedStockRow[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var (row, other) = (rows[i], changed[i]);
            if (row.Sku != other.Sku || row.Warehouse != other.Warehouse)
                throw new ArgumentException($"Row {i} of the changed rows is another item.", nameof(changed));
            keyed[i] = new KeyedStockRow(Keys.Display(row.Warehouse), Keys.Normalize(row.Warehouse),
                Keys.Display(row.Sku), Keys.Normalize(row.Sku), row.Quantity, other.Quantity);
        }
        Array.Sort(keyed, static (x, y) =>
        {
            var bySku = string.CompareOrdinal(x.SkuKey, y.SkuKey);
            return bySku != 0 ? bySku : string.CompareOrdinal(x.WarehouseKey, y.WarehouseKey);
        });
        return keyed;
    }
}

/// <summary>
/// (b) The write half of an import done row by row: per row one prepared
/// <c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c> into a table shaped like StockItems with its
/// unique index on (InstanceId, SkuKey, WarehouseKey), and one prepared insert of a ledger row into a
/// table shaped like StockMovements (no index but its key); all rows in one transaction, in key order,
/// on a SQLite file of its own (WAL, synchronous=NORMAL). <see cref="WriteFile"/> into the fresh file
/// is the empty-instance case; <see cref="WriteChanged"/> afterwards, on the same file, is the
/// every-quantity-changed case, where every upsert updates.
/// </summary>
internal sealed class RawLedgerUpsert : IDisposable
{
    private const int InstanceId = 1;
    private const string User = "system";
    private readonly SqliteConnection _connection;
    private long _imports;

    public RawLedgerUpsert(string databaseFile)
    {
        // No pooling: the file is deleted afterwards and a pooled handle would keep it open.
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        _connection.Open();
        // The columns as the app's migrations make them (Inventory.Domain/Persistence/Sqlite/Migrations).
        Execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE "StockItems" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_StockItems" PRIMARY KEY AUTOINCREMENT,
                "InstanceId" INTEGER NOT NULL,
                "Warehouse" TEXT NOT NULL, "WarehouseKey" TEXT NOT NULL,
                "Sku" TEXT NOT NULL, "SkuKey" TEXT NOT NULL,
                "Quantity" INTEGER NOT NULL, "UpdatedAt" TEXT NOT NULL);
            CREATE UNIQUE INDEX "IX_StockItems_InstanceId_SkuKey_WarehouseKey"
                ON "StockItems" ("InstanceId", "SkuKey", "WarehouseKey");
            CREATE TABLE "StockMovements" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_StockMovements" PRIMARY KEY AUTOINCREMENT,
                "InstanceId" INTEGER NOT NULL,
                "Warehouse" TEXT NOT NULL, "WarehouseKey" TEXT NOT NULL,
                "Sku" TEXT NOT NULL, "SkuKey" TEXT NOT NULL,
                "Change" INTEGER NOT NULL, "QuantityAfter" INTEGER NOT NULL,
                "Reason" TEXT NOT NULL, "OrderId" INTEGER NULL, "ImportId" INTEGER NULL,
                "User" TEXT NOT NULL, "At" TEXT NOT NULL, "Note" TEXT NULL);
            """);
    }

    /// <summary>The file's quantities into the empty table: every upsert inserts.</summary>
    public void WriteFile(IReadOnlyList<KeyedStockRow> rows) => Write(rows, changed: false);

    /// <summary>The changed quantities over the file's: every upsert updates.</summary>
    public void WriteChanged(IReadOnlyList<KeyedStockRow> rows) => Write(rows, changed: true);

    private void Write(IReadOnlyList<KeyedStockRow> rows, bool changed)
    {
        var importId = ++_imports;
        // Bound as text once, in the form Microsoft.Data.Sqlite gives a DateTime.
        var at = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
        using var transaction = _connection.BeginTransaction();

        using var upsert = _connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO "StockItems" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Quantity", "UpdatedAt")
            VALUES ($instance, $warehouse, $warehouseKey, $sku, $skuKey, $quantity, $at)
            ON CONFLICT ("InstanceId", "SkuKey", "WarehouseKey")
            DO UPDATE SET "Quantity" = excluded."Quantity", "UpdatedAt" = excluded."UpdatedAt"
            RETURNING "Quantity"
            """;
        upsert.Parameters.Add("$instance", SqliteType.Integer).Value = InstanceId;
        var warehouse = upsert.Parameters.Add("$warehouse", SqliteType.Text);
        var warehouseKey = upsert.Parameters.Add("$warehouseKey", SqliteType.Text);
        var sku = upsert.Parameters.Add("$sku", SqliteType.Text);
        var skuKey = upsert.Parameters.Add("$skuKey", SqliteType.Text);
        var quantity = upsert.Parameters.Add("$quantity", SqliteType.Integer);
        upsert.Parameters.Add("$at", SqliteType.Text).Value = at;
        upsert.Prepare();

        using var ledger = _connection.CreateCommand();
        ledger.Transaction = transaction;
        ledger.CommandText = """
            INSERT INTO "StockMovements" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Change",
                "QuantityAfter", "Reason", "OrderId", "ImportId", "User", "At", "Note")
            VALUES ($instance, $warehouse, $warehouseKey, $sku, $skuKey, $change,
                $after, 'Import', NULL, $import, $user, $at, NULL)
            """;
        ledger.Parameters.Add("$instance", SqliteType.Integer).Value = InstanceId;
        var ledgerWarehouse = ledger.Parameters.Add("$warehouse", SqliteType.Text);
        var ledgerWarehouseKey = ledger.Parameters.Add("$warehouseKey", SqliteType.Text);
        var ledgerSku = ledger.Parameters.Add("$sku", SqliteType.Text);
        var ledgerSkuKey = ledger.Parameters.Add("$skuKey", SqliteType.Text);
        var change = ledger.Parameters.Add("$change", SqliteType.Integer);
        var after = ledger.Parameters.Add("$after", SqliteType.Integer);
        ledger.Parameters.Add("$import", SqliteType.Integer).Value = importId;
        ledger.Parameters.Add("$user", SqliteType.Text).Value = User;
        ledger.Parameters.Add("$at", SqliteType.Text).Value = at;
        ledger.Prepare();

        foreach (var row in rows)
        {
            warehouse.Value = ledgerWarehouse.Value = row.Warehouse;
            warehouseKey.Value = ledgerWarehouseKey.Value = row.WarehouseKey;
            sku.Value = ledgerSku.Value = row.Sku;
            skuKey.Value = ledgerSkuKey.Value = row.SkuKey;
            quantity.Value = changed ? row.ChangedQuantity : row.Quantity;
            var quantityAfter = (long)upsert.ExecuteScalar()!;
            // SQLite's RETURNING gives the row as written, not the quantity before: the one before is
            // the quantity this baseline wrote last time (none on the empty table), so no lookup is
            // spent on it here.
            after.Value = quantityAfter;
            change.Value = quantityAfter - (changed ? row.Quantity : 0);
            ledger.ExecuteNonQuery();
        }
        var commit = System.Diagnostics.Stopwatch.StartNew();
        transaction.Commit();
        LastCommit = commit.Elapsed;
    }

    /// <summary>
    /// How long the last write's commit took: with SQLite's default auto-checkpoint it copies the
    /// WAL into the database file, which the domain's import leaves to a background checkpoint.
    /// </summary>
    public TimeSpan LastCommit { get; private set; }

    /// <summary>(items, ledger rows, sum of the item quantities) — for checking what was written.</summary>
    public (long Items, long Movements, long Quantity) Totals()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM "StockItems"), (SELECT COUNT(*) FROM "StockMovements"),
                   (SELECT COALESCE(SUM("Quantity"), 0) FROM "StockItems")
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
