using Inventory.Domain.Common;
using Microsoft.Data.Sqlite;
using MiniExcelLibs;

namespace Inventory.Benchmarks;

/// <summary>
/// The two halves of an import done the fastest plain way, one after the other: what the domain's
/// import is compared with (R = import / (read + write)).
/// </summary>
internal static class Baselines
{
    /// <summary>(a) MiniExcel's streaming read and nothing else; returns the rows seen, header included.</summary>
    public static int ReadWithMiniExcel(string path, string format)
    {
        using var stream = File.OpenRead(path);
        var rows = 0;
        long cells = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false,
                     excelType: format == "xlsx" ? ExcelType.XLSX : ExcelType.CSV))
        {
            rows++;
            // Touch every value, so a lazily materialised cell would still be paid for here.
            foreach (var value in row.Values)
                if (value is not null)
                    cells++;
        }
        GC.KeepAlive(cells);
        return rows;
    }
}

/// <summary>
/// (b) A prepared upsert into a fresh SQLite file shaped like the app's StockItems, all rows in one
/// transaction: the write half of an import with nothing else in the way.
/// </summary>
internal sealed class RawUpsert : IDisposable
{
    private const int InstanceId = 1;
    private readonly SqliteConnection _connection;

    public RawUpsert(string databaseFile)
    {
        // No pooling: the file is deleted afterwards and a pooled handle would keep it open.
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE "StockItems" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_StockItems" PRIMARY KEY AUTOINCREMENT,
                "InstanceId" INTEGER NOT NULL,
                "Warehouse" TEXT NOT NULL, "WarehouseKey" TEXT NOT NULL,
                "Sku" TEXT NOT NULL, "SkuKey" TEXT NOT NULL,
                "Quantity" INTEGER NOT NULL, "UpdatedAt" TEXT NOT NULL);
            CREATE UNIQUE INDEX "IX_StockItems_InstanceId_WarehouseKey_SkuKey"
                ON "StockItems" ("InstanceId", "WarehouseKey", "SkuKey");
            """);
    }

    public void Run(IReadOnlyList<StockRow> rows)
    {
        using var transaction = _connection.BeginTransaction();
        using var upsert = _connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO "StockItems" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Quantity", "UpdatedAt")
            VALUES ($instance, $warehouse, $warehouseKey, $sku, $skuKey, $quantity, $now)
            ON CONFLICT ("InstanceId", "WarehouseKey", "SkuKey")
            DO UPDATE SET "Quantity" = excluded."Quantity", "UpdatedAt" = excluded."UpdatedAt"
            """;
        var instance = upsert.Parameters.Add("$instance", SqliteType.Integer);
        var warehouse = upsert.Parameters.Add("$warehouse", SqliteType.Text);
        var warehouseKey = upsert.Parameters.Add("$warehouseKey", SqliteType.Text);
        var sku = upsert.Parameters.Add("$sku", SqliteType.Text);
        var skuKey = upsert.Parameters.Add("$skuKey", SqliteType.Text);
        var quantity = upsert.Parameters.Add("$quantity", SqliteType.Integer);
        var now = upsert.Parameters.Add("$now", SqliteType.Text);
        upsert.Prepare();

        instance.Value = InstanceId;
        now.Value = DateTime.UtcNow;
        foreach (var row in rows)
        {
            warehouse.Value = row.Warehouse;
            warehouseKey.Value = Keys.Normalize(row.Warehouse);
            sku.Value = row.Sku;
            skuKey.Value = Keys.Normalize(row.Sku);
            quantity.Value = row.Quantity;
            upsert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public long Count()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """SELECT COUNT(*) FROM "StockItems" """;
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
