using System.Data.Common;
using System.Text.Json;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Inventory.Domain.Persistence;

/// <summary>
/// The stock rules' hot statements (SQLite dialect), prepared once per context and reused for every
/// order a bulk operation touches: leaving NEW costs a handful of statements, not an ORM round of
/// change tracking per order. Only <c>UPDATE … RETURNING</c> is used, which PostgreSQL shares.
/// </summary>
internal sealed class StockCommands(DbContext db) : IAsyncDisposable
{
    /// <summary>The row a deduction or restock touched, as it stands afterwards.</summary>
    public sealed record Touched(string Warehouse, string Sku, int QuantityAfter);

    private DbCommand? _deduct, _restock, _onHand, _ledger, _leaveNew, _settings, _order, _lines;

    /// <summary>An order of the instance with its lines, or null; read with two prepared statements.</summary>
    public async Task<Order?> OrderAsync(int instanceId, long orderId, CancellationToken ct)
    {
        var lines = new List<OrderLine>();
        var linesCommand = Bind(Prepare(ref _lines, """
            SELECT "Id", "Sku", "SkuKey", "Quantity" FROM "OrderLines" WHERE "OrderId" = $id ORDER BY "Id"
            """, "$id"), orderId);
        await using (var reader = await linesCommand.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                lines.Add(OrderLine.Rehydrate(reader.GetInt64(0), orderId, reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));

        var orderCommand = Bind(Prepare(ref _order, """
            SELECT "OrderNumber", "Warehouse", "WarehouseKey", "Status", "Error", "Shortages", "Label",
                   "OrderedAt", "SyncedAt", "AcceptedAt", "LabelledAt", "ShipBy"
            FROM "Orders" WHERE "Id" = $id AND "InstanceId" = $instance
            """, "$id", "$instance"), orderId, instanceId);
        await using var row = await orderCommand.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct))
            return null;
        DateTime? Date(int i) => row.IsDBNull(i) ? null : row.GetDateTime(i);
        string? Text(int i) => row.IsDBNull(i) ? null : row.GetString(i);
        var shortages = Text(5) is { Length: > 0 } json ? JsonSerializer.Deserialize<List<Shortage>>(json) ?? [] : [];
        return Order.Rehydrate(orderId, instanceId, row.GetString(0), row.GetString(1), row.GetString(2),
            Enum.Parse<OrderStatus>(row.GetString(3)), Text(4), shortages, lines, Text(6),
            row.GetDateTime(7), row.GetDateTime(8), Date(9), Date(10), Date(11));
    }

    /// <summary>An instance's order-flow switches as they stand now, inside the caller's transaction.</summary>
    public async Task<(bool InventoryCheck, bool AutoLabel)> FlowSettingsAsync(int instanceId, CancellationToken ct)
    {
        var command = Bind(Prepare(ref _settings, """
            SELECT "InventoryCheck", "AutoLabel" FROM "Instances" WHERE "Id" = $instance
            """, "$instance"), instanceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            throw new Common.NotFoundException($"Instance {instanceId} does not exist.");
        return (reader.GetBoolean(0), reader.GetBoolean(1));
    }

    /// <summary>
    /// Rule 9: deducts only when enough is on hand (when <paramref name="enforce"/> is set), in one
    /// conditional statement, so no interleaving of writers can take the quantity below zero.
    /// Returns null when nothing was deducted: the SKU is untracked there, or short.
    /// </summary>
    public Task<Touched?> TryDeductAsync(int instanceId, string warehouseKey, string skuKey, int quantity, bool enforce,
        DateTime now, CancellationToken ct) =>
        TouchAsync(Prepare(ref _deduct, """
            UPDATE "StockItems" SET "Quantity" = "Quantity" - $n, "UpdatedAt" = $now
            WHERE "InstanceId" = $instance AND "WarehouseKey" = $warehouse AND "SkuKey" = $sku
              AND ($enforce = 0 OR "Quantity" >= $n)
            RETURNING "Warehouse", "Sku", "Quantity"
            """, "$n", "$now", "$instance", "$warehouse", "$sku", "$enforce"),
            ct, quantity, now, instanceId, warehouseKey, skuKey, enforce ? 1 : 0);

    /// <summary>Adds <paramref name="quantity"/> back to a still-tracked item; null when untracked.</summary>
    public Task<Touched?> TryRestockAsync(int instanceId, string warehouseKey, string skuKey, int quantity, DateTime now,
        CancellationToken ct) =>
        TouchAsync(Prepare(ref _restock, """
            UPDATE "StockItems" SET "Quantity" = "Quantity" + $n, "UpdatedAt" = $now
            WHERE "InstanceId" = $instance AND "WarehouseKey" = $warehouse AND "SkuKey" = $sku
            RETURNING "Warehouse", "Sku", "Quantity"
            """, "$n", "$now", "$instance", "$warehouse", "$sku"),
            ct, quantity, now, instanceId, warehouseKey, skuKey);

    /// <summary>Quantity on hand of an item, or null when the SKU is untracked in that warehouse.</summary>
    public async Task<int?> OnHandAsync(int instanceId, string warehouseKey, string skuKey, CancellationToken ct)
    {
        var command = Bind(Prepare(ref _onHand, """
            SELECT "Quantity" FROM "StockItems"
            WHERE "InstanceId" = $instance AND "WarehouseKey" = $warehouse AND "SkuKey" = $sku
            """, "$instance", "$warehouse", "$sku"), instanceId, warehouseKey, skuKey);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? null : Convert.ToInt32(value);
    }

    /// <summary>Rule 10: the ledger row of a change, in the same transaction as the change.</summary>
    public async Task AddMovementAsync(StockMovement m, CancellationToken ct)
    {
        var command = Bind(Prepare(ref _ledger, """
            INSERT INTO "StockMovements" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Change",
                "QuantityAfter", "Reason", "OrderId", "ImportId", "User", "At")
            VALUES ($instance, $w, $wk, $s, $sk, $change, $after, $reason, $order, $import, $user, $at)
            """, "$instance", "$w", "$wk", "$s", "$sk", "$change", "$after", "$reason", "$order", "$import", "$user", "$at"),
            m.InstanceId, m.Warehouse, m.WarehouseKey, m.Sku, m.SkuKey, m.Change, m.QuantityAfter, m.Reason.ToString(),
            m.OrderId, m.ImportId, m.User, m.At);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Saves what leaving NEW decided for an order (moved, held, or a label failure), guarded by its
    /// status still being NEW: false when another writer moved it first (rule 8: deduct once).
    /// </summary>
    public async Task<bool> SaveLeavingNewAsync(Order order, CancellationToken ct)
    {
        var command = Bind(Prepare(ref _leaveNew, """
            UPDATE "Orders" SET "Status" = $status, "Error" = $error, "Shortages" = $shortages,
                "AcceptedAt" = $accepted, "Label" = $label, "LabelledAt" = $labelled
            WHERE "Id" = $id AND "Status" = 'New'
            """, "$status", "$error", "$shortages", "$accepted", "$label", "$labelled", "$id"),
            order.Status.ToString(), order.Error, JsonSerializer.Serialize(order.Shortages), order.AcceptedAt,
            order.Label, order.LabelledAt, order.Id);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private static async Task<Touched?> TouchAsync(DbCommand command, CancellationToken ct, params object?[] values)
    {
        Bind(command, values);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new Touched(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)) : null;
    }

    private DbCommand Prepare(ref DbCommand? command, string sql, params string[] names)
    {
        if (command is null)
        {
            command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            foreach (var name in names)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
        }
        // Each order has its own transaction on the same connection.
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static DbCommand Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _deduct, _restock, _onHand, _ledger, _leaveNew, _settings, _order, _lines })
            if (command is not null)
                await command.DisposeAsync();
    }
}
