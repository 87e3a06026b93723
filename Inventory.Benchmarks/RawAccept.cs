using Microsoft.Data.Sqlite;

namespace Inventory.Benchmarks;

/// <summary>
/// The baseline for "accept": the same work per order as the domain (read the order and its lines,
/// a conditional deduction per SKU inside a savepoint, the ledger rows, the status change, one
/// IMMEDIATE transaction per order), as hand-written prepared statements on one open connection.
/// </summary>
internal static class RawAccept
{
    public static (int Moved, int Stopped) Run(string file, int instanceId)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        Exec(connection, "PRAGMA synchronous=NORMAL; PRAGMA journal_mode=WAL;");
        var ids = new List<long>();
        using (var list = Command(connection, """SELECT "Id" FROM "Orders" WHERE "InstanceId" = $i AND "Status" = 'New' ORDER BY "OrderedAt", "Id" """, "$i"))
        {
            list.Parameters[0].Value = instanceId;
            using var reader = list.ExecuteReader();
            while (reader.Read())
                ids.Add(reader.GetInt64(0));
        }

        using var order = Command(connection, """SELECT "WarehouseKey" FROM "Orders" WHERE "Id" = $id AND "Status" = 'New'""", "$id");
        using var lines = Command(connection, """SELECT "SkuKey", SUM("Quantity") FROM "OrderLines" WHERE "OrderId" = $id GROUP BY "SkuKey" """, "$id");
        using var deduct = Command(connection, """
            UPDATE "StockItems" SET "Quantity" = "Quantity" - $n, "UpdatedAt" = $now
            WHERE "InstanceId" = $i AND "WarehouseKey" = $w AND "SkuKey" = $s AND "Quantity" >= $n
            RETURNING "Warehouse", "Sku", "Quantity"
            """, "$n", "$now", "$i", "$w", "$s");
        using var onHand = Command(connection, """SELECT "Quantity" FROM "StockItems" WHERE "InstanceId" = $i AND "WarehouseKey" = $w AND "SkuKey" = $s""", "$i", "$w", "$s");
        using var ledger = Command(connection, """
            INSERT INTO "StockMovements" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Change", "QuantityAfter", "Reason", "OrderId", "ImportId", "User", "At")
            VALUES ($i, $w, $wk, $s, $sk, $c, $after, 'Accept', $o, NULL, 'bench', $now)
            """, "$i", "$w", "$wk", "$s", "$sk", "$c", "$after", "$o", "$now");
        using var accept = Command(connection, """UPDATE "Orders" SET "Status" = 'Accepted', "AcceptedAt" = $now, "Hold" = 'None', "HoldDetail" = NULL, "Shortages" = '[]' WHERE "Id" = $id AND "Status" = 'New'""", "$now", "$id");
        using var stop = Command(connection, """UPDATE "Orders" SET "Hold" = 'NoInventory', "Shortages" = $sh WHERE "Id" = $id AND "Status" = 'New'""", "$sh", "$id");

        var (moved, stopped) = (0, 0);
        foreach (var id in ids)
        {
            var now = DateTime.UtcNow;
            using var tx = connection.BeginTransaction();
            foreach (var c in new[] { order, lines, deduct, onHand, ledger, accept, stop })
                c.Transaction = tx;
            order.Parameters[0].Value = id;
            var warehouse = (string)order.ExecuteScalar()!;
            var needs = new List<(string Sku, int Quantity)>();
            lines.Parameters[0].Value = id;
            using (var reader = lines.ExecuteReader())
                while (reader.Read())
                    needs.Add((reader.GetString(0), reader.GetInt32(1)));

            tx.Save("deduct");
            var deducted = new List<(string Warehouse, string Sku, string SkuKey, int Quantity, int After)>();
            var shortages = new List<string>();
            foreach (var (sku, quantity) in needs)
            {
                (deduct.Parameters[0].Value, deduct.Parameters[1].Value, deduct.Parameters[2].Value) = (quantity, now, instanceId);
                (deduct.Parameters[3].Value, deduct.Parameters[4].Value) = (warehouse, sku);
                using (var reader = deduct.ExecuteReader())
                    if (reader.Read())
                    {
                        deducted.Add((reader.GetString(0), reader.GetString(1), sku, quantity, reader.GetInt32(2)));
                        continue;
                    }
                (onHand.Parameters[0].Value, onHand.Parameters[1].Value, onHand.Parameters[2].Value) = (instanceId, warehouse, sku);
                if (onHand.ExecuteScalar() is long held)
                    shortages.Add($$"""{"Sku":"{{sku}}","Warehouse":"{{warehouse}}","Needed":{{quantity}},"OnHand":{{held}}}""");
            }
            if (shortages.Count > 0)
            {
                tx.Rollback("deduct");
                (stop.Parameters[0].Value, stop.Parameters[1].Value) = ("[" + string.Join(",", shortages) + "]", id);
                stop.ExecuteNonQuery();
                stopped++;
            }
            else
            {
                foreach (var d in deducted)
                {
                    (ledger.Parameters[0].Value, ledger.Parameters[1].Value, ledger.Parameters[2].Value) = (instanceId, d.Warehouse, warehouse);
                    (ledger.Parameters[3].Value, ledger.Parameters[4].Value, ledger.Parameters[5].Value) = (d.Sku, d.SkuKey, -d.Quantity);
                    (ledger.Parameters[6].Value, ledger.Parameters[7].Value, ledger.Parameters[8].Value) = (d.After, id, now);
                    ledger.ExecuteNonQuery();
                }
                (accept.Parameters[0].Value, accept.Parameters[1].Value) = (now, id);
                accept.ExecuteNonQuery();
                moved++;
            }
            tx.Commit();
        }
        return (moved, stopped);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
