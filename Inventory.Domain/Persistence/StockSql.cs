using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Inventory.Domain.Persistence;

/// <summary>
/// The provider-specific SQL of the stock rules, in one place. It is written for SQLite; the
/// statements use only <c>UPDATE … RETURNING</c> and <c>INSERT … ON CONFLICT</c>, which PostgreSQL
/// shares, so a PostgreSQL twin of this class is a matter of quoting and parameter types.
/// </summary>
internal static class StockSql
{
    /// <summary>The row a deduction touched, as it stands after the deduction.</summary>
    public sealed record Deducted(string Warehouse, string Sku, int QuantityAfter);

    /// <summary>
    /// Rule 9: deducts only when enough is on hand (when <paramref name="enforce"/> is set), in one
    /// conditional statement, so no interleaving of writers can take the quantity below zero.
    /// Returns null when nothing was deducted: the SKU is untracked there, or short.
    /// </summary>
    public static async Task<Deducted?> TryDeductAsync(DbContext db, int instanceId, string warehouseKey,
        string skuKey, int quantity, bool enforce, DateTime now, CancellationToken ct)
    {
        await using var command = Command(db, """
            UPDATE "StockItems" SET "Quantity" = "Quantity" - $n, "UpdatedAt" = $now
            WHERE "InstanceId" = $instance AND "WarehouseKey" = $warehouse AND "SkuKey" = $sku
              AND ($enforce = 0 OR "Quantity" >= $n)
            RETURNING "Warehouse", "Sku", "Quantity"
            """,
            ("$n", quantity), ("$now", now), ("$instance", instanceId), ("$warehouse", warehouseKey),
            ("$sku", skuKey), ("$enforce", enforce ? 1 : 0));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new Deducted(reader.GetString(0), reader.GetString(1), reader.GetInt32(2))
            : null;
    }

    /// <summary>Adds <paramref name="quantity"/> back to a still-tracked item; null when untracked.</summary>
    public static async Task<Deducted?> TryRestockAsync(DbContext db, int instanceId, string warehouseKey,
        string skuKey, int quantity, DateTime now, CancellationToken ct)
    {
        await using var command = Command(db, """
            UPDATE "StockItems" SET "Quantity" = "Quantity" + $n, "UpdatedAt" = $now
            WHERE "InstanceId" = $instance AND "WarehouseKey" = $warehouse AND "SkuKey" = $sku
            RETURNING "Warehouse", "Sku", "Quantity"
            """,
            ("$n", quantity), ("$now", now), ("$instance", instanceId), ("$warehouse", warehouseKey), ("$sku", skuKey));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new Deducted(reader.GetString(0), reader.GetString(1), reader.GetInt32(2))
            : null;
    }

    /// <summary>Quantity on hand of an item, or null when the SKU is untracked in that warehouse.</summary>
    public static async Task<int?> OnHandAsync(DbContext db, int instanceId, string warehouseKey, string skuKey,
        CancellationToken ct)
    {
        await using var command = Command(db, """
            SELECT "Quantity" FROM "StockItems"
            WHERE "InstanceId" = $instance AND "WarehouseKey" = $warehouse AND "SkuKey" = $sku
            """,
            ("$instance", instanceId), ("$warehouse", warehouseKey), ("$sku", skuKey));
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? null : Convert.ToInt32(value);
    }

    public static DbCommand Command(DbContext db, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
