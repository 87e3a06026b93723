using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Inventory.Domain.Persistence;

/// <summary>
/// The stock statements in the SQL both engines share, prepared once per bulk call and reused for
/// every order it touches: leaving NEW costs a handful of statements, not an ORM round per stock line.
/// An engine adds only how its transactions keep out of each other's way (<see cref="ForOrderFlow"/>,
/// <see cref="ForOrderChange"/>, <see cref="LockInstanceForCountAsync"/>).
/// </summary>
internal abstract partial class SqlBulkStatements(DbContext db) : IBulkStatements
{
    private const string KeyFilter = """
        "InstanceId" = @instance AND "WarehouseKey" = @warehouse AND "SkuKey" = @sku
        """;

    private DbCommand? _settings, _orderState, _saveOrder, _deduct, _add, _onHand, _movement, _clearOneLedger, _clearOne;

    /// <summary>
    /// Appended to the read of the instance's switches, which opens every order's transaction: what
    /// keeps a count (import, clear) or a switch change from interleaving with the order's stock changes.
    /// </summary>
    protected abstract string ForOrderFlow { get; }

    /// <summary>A parameter holding JSON text, as the engine's JSON column takes it.</summary>
    protected abstract string Json(string parameter);

    /// <summary>Appended to the read of an order's state: what keeps a second writer of the same order waiting.</summary>
    protected abstract string ForOrderChange { get; }

    /// <summary>
    /// Waits for the instance's order transactions in flight and holds new ones off until the caller's
    /// transaction ends, so a count's ledger rows are computed from quantities nothing else is changing.
    /// </summary>
    public abstract Task LockInstanceForCountAsync(int instanceId, CancellationToken ct);

    public async Task<FlowSettings?> FlowSettingsAsync(int instanceId, CancellationToken ct)
    {
        var command = Bind(Prepare(ref _settings, """
            SELECT "InventoryCheck", "AutoLabel", "UntrackedCountsAsShort",
                   (SELECT c."SellingPartyId" FROM "MarketplaceConnections" c WHERE c."InstanceId" = "Instances"."Id")
            FROM "Instances" WHERE "Id" = @instance
            """ + ForOrderFlow, "@instance"), instanceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new FlowSettings(reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }

    public Task<TouchedItem?> TryDeductAsync(int instanceId, string warehouseKey, string skuKey, int quantity, bool enforce,
        DateTime now, CancellationToken ct) =>
        TouchAsync(Prepare(ref _deduct, $"""
            UPDATE "StockItems" SET "Quantity" = "Quantity" - @n, "UpdatedAt" = @now
            WHERE {KeyFilter} AND (@enforce = 0 OR "Quantity" >= @n)
            RETURNING "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Quantity"
            """, "@n", "@now", "@instance", "@warehouse", "@sku", "@enforce"),
            ct, quantity, now, instanceId, warehouseKey, skuKey, enforce ? 1 : 0);

    public Task<TouchedItem?> TryAddAsync(int instanceId, string warehouseKey, string skuKey, int quantity, int ceiling, DateTime now,
        CancellationToken ct) =>
        TouchAsync(Prepare(ref _add, $"""
            UPDATE "StockItems" SET "Quantity" = "Quantity" + @n, "UpdatedAt" = @now
            WHERE {KeyFilter} AND "Quantity" <= @ceiling - @n
            RETURNING "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Quantity"
            """, "@n", "@now", "@instance", "@warehouse", "@sku", "@ceiling"),
            ct, quantity, now, instanceId, warehouseKey, skuKey, ceiling);

    public async Task<int?> OnHandAsync(int instanceId, string warehouseKey, string skuKey, CancellationToken ct)
    {
        var command = Bind(Prepare(ref _onHand, $"""
            SELECT "Quantity" FROM "StockItems" WHERE {KeyFilter}
            """, "@instance", "@warehouse", "@sku"), instanceId, warehouseKey, skuKey);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    public async Task AddMovementAsync(StockMovement m, CancellationToken ct)
    {
        var command = Bind(Prepare(ref _movement, MovementSql.Insert + """
            VALUES (@instance, @w, @wk, @s, @sk, @change, @after, @reason, @order, @import, @user, @at, @note, @clear, @tracking)
            """, "@instance", "@w", "@wk", "@s", "@sk", "@change", "@after", "@reason", "@order", "@import", "@user", "@at", "@note",
            "@clear", "@tracking"),
            m.InstanceId, m.Warehouse, m.WarehouseKey, m.Sku, m.SkuKey, m.Change, m.QuantityAfter, m.Reason.ToString(),
            m.OrderId, m.ImportId, m.User, m.At, m.Note, m.ClearId, (int)m.Tracking);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<OrderState?> OrderStateAsync(long orderId, CancellationToken ct)
    {
        var command = Bind(Prepare(ref _orderState, """
            SELECT "Status", "Hold" FROM "Orders" WHERE "Id" = @id
            """ + ForOrderChange, "@id"), orderId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new OrderState(Enum.Parse<OrderStatus>(reader.GetString(0)), Enum.Parse<Hold>(reader.GetString(1)))
            : null;
    }

    public async Task<bool> SaveOrderAsync(Order order, OrderStatus expected, CancellationToken ct)
    {
        var command = Bind(Prepare(ref _saveOrder, $"""
            UPDATE "Orders" SET "Status" = @status, "Hold" = @hold, "HoldDetail" = @detail, "Shortages" = {Json("@shortages")},
                "TrackingNumber" = @tracking, "AcceptedAt" = @accepted, "LabelledAt" = @labelled,
                "CancelledAt" = @cancelled, "CancelReason" = @reason, "LabelFormat" = @format,
                "ShippedAt" = @shipped, "ShipMethod" = @method, "WeightPerBox" = @weight, "WeightUnit" = @unit
            WHERE "Id" = @id AND "Status" = @expected
            """, "@status", "@hold", "@detail", "@shortages", "@tracking", "@accepted", "@labelled", "@cancelled", "@reason",
            "@format", "@shipped", "@method", "@weight", "@unit", "@id", "@expected"),
            order.Status.ToString(), order.Hold.ToString(), order.HoldDetail, JsonSerializer.Serialize(order.Shortages),
            order.TrackingNumber, order.AcceptedAt, order.LabelledAt, order.CancelledAt, order.CancelReason, order.LabelFormat,
            order.ShippedAt, order.ShipMethod, order.WeightPerBox, order.WeightUnit?.ToString(), order.Id, expected.ToString());
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task SaveLabelAsync(long orderId, ShippingLabel label, DateTime now, CancellationToken ct)
    {
        var packages = label.Packages ?? [];
        for (var i = 0; i < packages.Count; i++)
        {
            await using var command = Command("""
                INSERT INTO "OrderPackages" ("OrderId", "Number", "TrackingNumber", "ShipMethod", "Format", "Content")
                VALUES (@order, @number, @tracking, @method, @format, @content)
                ON CONFLICT ("OrderId", "Number") DO UPDATE SET "TrackingNumber" = excluded."TrackingNumber", "ShipMethod" = excluded."ShipMethod",
                    "Format" = excluded."Format", "Content" = excluded."Content"
                """, ("@order", orderId), ("@number", i + 1), ("@tracking", packages[i].TrackingNumber),
                ("@method", (object?)packages[i].ShipMethod ?? DBNull.Value), ("@format", label.Format ?? ""), ("@content", packages[i].Content));
            await command.ExecuteNonQueryAsync(ct);
        }
        // A label made again replaces the old one whole: a box the new label no longer lists must not be printed.
        await using (var stale = Command("""DELETE FROM "OrderPackages" WHERE "OrderId" = @order AND "Number" > @count""",
            ("@order", orderId), ("@count", packages.Count)))
            await stale.ExecuteNonQueryAsync(ct);
        if (label.PackingSlip is { } slip)
        {
            await using var command = Command("""
                INSERT INTO "OrderPackingSlips" ("OrderId", "ContentType", "Content", "FetchedAt") VALUES (@order, @type, @content, @at)
                ON CONFLICT ("OrderId") DO UPDATE SET "ContentType" = excluded."ContentType", "Content" = excluded."Content", "FetchedAt" = excluded."FetchedAt"
                """, ("@order", orderId), ("@type", slip.ContentType), ("@content", slip.Content), ("@at", now));
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task<(string Prefix, long Number)?> TakeInvoiceNumberAsync(int instanceId, CancellationToken ct)
    {
        await using var command = Command("""
            UPDATE "Instances" SET "NextInvoiceNumber" = "NextInvoiceNumber" + 1
            WHERE "Id" = @instance AND "SendInvoices" = @on
            RETURNING "NextInvoiceNumber" - 1, "InvoicePrefix"
            """, ("@instance", instanceId), ("@on", true));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.GetString(1), Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture))
            : null;
    }

    public async Task QueueOutboxAsync(Marketplace.OutboxMessage message, CancellationToken ct)
    {
        await using var command = Command("""
            INSERT INTO "OutboxMessages" ("InstanceId", "OrderId", "Kind", "Accepted", "Body", "CreatedAt", "NextAttemptAt", "Attempts", "Outcome", "Checks")
            VALUES (@instance, @order, @kind, @accepted, @body, @at, @at, 0, @outcome, 0)
            """, ("@instance", message.InstanceId), ("@order", message.OrderId), ("@kind", message.Kind.ToString()),
            ("@outcome", message.Outcome.ToString()),
            ("@accepted", message.Accepted), ("@body", message.Body), ("@at", message.CreatedAt));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<ClearResult> ClearAsync(int instanceId, IReadOnlyCollection<(string WarehouseKey, string SkuKey)>? items,
        string user, DateTime now, CancellationToken ct)
    {
        // The ledger first, while the quantities being thrown away are still there to record (and to undo).
        const string ClearedRows = """
            SELECT "InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", -"Quantity", 0, 'Clear', NULL, NULL, @user, @now, NULL,
                   @clear, -1
            FROM "StockItems"
            """;
        await LockInstanceForCountAsync(instanceId, ct);
        long clearId;
        await using (var record = Command("""
            INSERT INTO "Clears" ("InstanceId", "User", "At", "Everything", "Cleared") VALUES (@instance, @user, @now, @everything, 0)
            RETURNING "Id"
            """, ("@instance", instanceId), ("@user", user), ("@now", now), ("@everything", items is null)))
            clearId = Convert.ToInt64(await record.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);

        var cleared = 0;
        if (items is null)
        {
            await using var ledger = Command(MovementSql.Insert + ClearedRows + """ WHERE "InstanceId" = @instance""",
                ("@instance", instanceId), ("@user", user), ("@now", now), ("@clear", clearId));
            await ledger.ExecuteNonQueryAsync(ct);
            await using var delete = Command("""DELETE FROM "StockItems" WHERE "InstanceId" = @instance""", ("@instance", instanceId));
            cleared = await delete.ExecuteNonQueryAsync(ct);
        }
        else
        {
            foreach (var (warehouseKey, skuKey) in items)
            {
                await Bind(Prepare(ref _clearOneLedger, MovementSql.Insert + ClearedRows + $" WHERE {KeyFilter}",
                    "@user", "@now", "@clear", "@instance", "@warehouse", "@sku"), user, now, clearId, instanceId, warehouseKey, skuKey)
                    .ExecuteNonQueryAsync(ct);
                cleared += await Bind(Prepare(ref _clearOne, $"""DELETE FROM "StockItems" WHERE {KeyFilter}""",
                    "@instance", "@warehouse", "@sku"), instanceId, warehouseKey, skuKey).ExecuteNonQueryAsync(ct);
            }
        }
        await using (var count = Command("""UPDATE "Clears" SET "Cleared" = @cleared WHERE "Id" = @clear""",
            ("@cleared", cleared), ("@clear", clearId)))
            await count.ExecuteNonQueryAsync(ct);
        await ItemsChangedAsync(instanceId, -cleared, ct);
        return new ClearResult(cleared, clearId);
    }

    /// <summary>Keeps the instance's item count exact: <paramref name="change"/> items just came or went.</summary>
    protected async Task ItemsChangedAsync(int instanceId, int change, CancellationToken ct)
    {
        await using var count = Command("""
            UPDATE "Instances" SET "ItemCount" = "ItemCount" + @change, "ItemsVersion" = "ItemsVersion" + 1
            WHERE "Id" = @instance AND @change <> 0
            """,
            ("@change", change), ("@instance", instanceId));
        await count.ExecuteNonQueryAsync(ct);
    }

    private static async Task<TouchedItem?> TouchAsync(DbCommand command, CancellationToken ct, params object?[] values)
    {
        Bind(command, values);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new TouchedItem(new StockItemKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)),
                reader.GetInt32(4))
            : null;
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

    protected DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        DbCommand? command = null;
        Prepare(ref command, sql, parameters.Select(p => p.Name).ToArray());
        return Bind(command!, parameters.Select(p => p.Value).ToArray());
    }

    private static DbCommand Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _settings, _orderState, _saveOrder, _deduct, _add, _onHand, _movement, _clearOneLedger, _clearOne })
            if (command is not null)
                await command.DisposeAsync();
    }
}
