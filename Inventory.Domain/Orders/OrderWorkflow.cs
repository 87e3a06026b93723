using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Persistence;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Inventory.Domain.Orders;

/// <summary>
/// Orders through NEW → Accepted → Awaiting: sync (rule 7), accept (rule 6), labels, and the stock
/// check and deduction that go with leaving NEW (rules 5, 8, 9). Each order is processed in its own
/// transaction, so one short order never stops the others.
/// </summary>
public sealed class OrderWorkflow(
    IDbContextFactory<InventoryDbContext> dbFactory,
    IChangeNotifier notifier,
    ILabelService labels,
    HeldOrderReleaseQueue releases,
    TimeProvider clock,
    ILogger<OrderWorkflow> logger)
{
    private const string DeductSavepoint = "deduct";

    // Compiled once: read inside every synced order's transaction.
    private static readonly Func<InventoryDbContext, int, CancellationToken, Task<Instance>> InstanceById =
        EF.CompileAsyncQuery((InventoryDbContext db, int id, CancellationToken ct) => db.Instances.AsNoTracking().Single(i => i.Id == id));

    /// <summary>A held order due to ship within this long is flagged.</summary>
    public static readonly TimeSpan ShipBySoonWindow = TimeSpan.FromHours(24);

    /// <summary>Orders arriving from the marketplace. Idempotent by order number.</summary>
    public async Task<BulkOutcome> SyncAsync(int instanceId, IEnumerable<IncomingOrder> orders, Actor actor,
        CancellationToken ct = default)
    {
        await EnsureInstanceAsync(instanceId, ct);
        // One context and connection for the batch; every order still gets its own transaction.
        await using var db = await OpenAsync(ct);
        await using var sql = new StockCommands(db);
        var outcomes = new List<OrderOutcome>();
        foreach (var incoming in orders)
            outcomes.Add(await SyncOneAsync(db, sql, instanceId, incoming, actor, ct));
        Publish(instanceId, outcomes);
        return new BulkOutcome(outcomes);
    }

    /// <summary>Accepts NEW orders, oldest first, each on its own (rule 6).</summary>
    public async Task<BulkOutcome> AcceptAsync(int instanceId, IEnumerable<long> orderIds, Actor actor,
        CancellationToken ct = default)
    {
        await EnsureInstanceAsync(instanceId, ct);
        await using var db = await OpenAsync(ct);
        await using var sql = new StockCommands(db);
        var outcomes = new List<OrderOutcome>();
        foreach (var id in await OldestFirstAsync(instanceId, orderIds, ct))
            outcomes.Add(await AcceptOneAsync(db, sql, instanceId, id, actor, ct));
        Publish(instanceId, outcomes);
        return new BulkOutcome(outcomes);
    }

    /// <summary>Creates labels for Accepted orders, moving them to Awaiting.</summary>
    public async Task<BulkOutcome> CreateLabelAsync(int instanceId, IEnumerable<long> orderIds, Actor actor,
        CancellationToken ct = default)
    {
        await EnsureInstanceAsync(instanceId, ct);
        var outcomes = new List<OrderOutcome>();
        foreach (var id in await OldestFirstAsync(instanceId, orderIds, ct))
            outcomes.Add(await LabelOneAsync(instanceId, id, ct));
        Publish(instanceId, outcomes);
        return new BulkOutcome(outcomes);
    }

    /// <summary>
    /// Cancels orders in NEW, Accepted or Awaiting. What an order's accept deducted goes back, in the
    /// same transaction, to the items still tracked and not cleared since (ledger reason Restock).
    /// </summary>
    public async Task<BulkOutcome> CancelAsync(int instanceId, IEnumerable<long> orderIds, string reason, Actor actor,
        CancellationToken ct = default)
    {
        await EnsureInstanceAsync(instanceId, ct);
        var outcomes = new List<OrderOutcome>();
        foreach (var id in await OldestFirstAsync(instanceId, orderIds, ct))
            outcomes.Add(await CancelOneAsync(instanceId, id, reason, actor, ct));
        Publish(instanceId, outcomes);
        if (outcomes.Any(o => o.Kind == OrderOutcomeKind.Cancelled))
            releases.Request(instanceId); // a restock may let held orders through
        return new BulkOutcome(outcomes);
    }

    /// <summary>
    /// Re-checks the held ("No inventory") NEW orders, oldest first, after stock went up. With Auto Label
    /// on, the sufficient ones are deducted, labelled and moved to Awaiting; with it off, their error is
    /// cleared so they can be accepted. Orders still short keep the error with fresh shortage detail.
    /// </summary>
    public async Task<BulkOutcome> ReleaseHeldAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await OpenAsync(ct);
        var held = await db.OrdersOf(instanceId)
            .Where(o => o.Status == OrderStatus.New && o.Error == Order.NoInventory)
            .OrderBy(o => o.OrderedAt).ThenBy(o => o.Id)
            .Select(o => o.Id)
            .ToListAsync(ct);
        await using var sql = new StockCommands(db);
        var outcomes = new List<OrderOutcome>();
        foreach (var id in held)
            outcomes.Add(await ReleaseOneAsync(db, sql, instanceId, id, actor, ct));
        Publish(instanceId, outcomes);
        return new BulkOutcome(outcomes);
    }

    /// <summary>The printable 4×6 label of a labelled order, or null when it has none.</summary>
    public async Task<byte[]?> LabelPdfAsync(int instanceId, long orderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.OrdersOf(instanceId).AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is not { Label: { } tracking, LabelledAt: { } labelledAt })
            return null;
        var store = await db.Instances.Where(i => i.Id == instanceId).Select(i => i.Name).SingleAsync(ct);
        return LabelPdf.Render(new LabelContent(tracking, order.OrderNumber, store, order.Warehouse, labelledAt,
            order.Lines.Select(l => (l.Sku, l.Quantity)).ToList()));
    }

    public async Task<IReadOnlyList<long>> IdsOfAsync(int instanceId, IEnumerable<string> orderNumbers, CancellationToken ct = default)
    {
        await EnsureInstanceAsync(instanceId, ct);
        var numbers = orderNumbers.Select(Keys.Display).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OrdersOf(instanceId).Where(o => numbers.Contains(o.OrderNumber)).Select(o => o.Id).ToListAsync(ct);
    }

    public async Task<Page<OrderView>> QueryAsync(int instanceId, OrderQuery query, CancellationToken ct = default)
    {
        await EnsureInstanceAsync(instanceId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orders = db.OrdersOf(instanceId).AsNoTracking().Where(o => o.Status == query.Status);
        if (!string.IsNullOrWhiteSpace(query.Search))
            orders = orders.Where(o => o.OrderNumber.Contains(query.Search.Trim()));
        var total = await orders.CountAsync(ct);
        var page = await orders
            .OrderBy(o => o.ShipBy == null).ThenBy(o => o.ShipBy).ThenBy(o => o.OrderedAt).ThenBy(o => o.Id)
            .Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize)
            .Include(o => o.Lines)
            .AsSplitQuery()
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return new Page<OrderView>(page.Select(o => ToView(o, now)).ToList(), total);
    }

    public async Task<OrderView?> GetAsync(int instanceId, string orderNumber, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.OrdersOf(instanceId).AsNoTracking().Include(o => o.Lines)
            .SingleOrDefaultAsync(o => o.OrderNumber == orderNumber.Trim(), ct);
        return order is null ? null : ToView(order, clock.GetUtcNow().UtcDateTime);
    }

    public async Task<OrderCounts> CountsAsync(int instanceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var byStatus = await db.OrdersOf(instanceId)
            .GroupBy(o => o.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), NoInventory = g.Count(o => o.Error == Order.NoInventory) })
            .ToListAsync(ct);
        int Count(OrderStatus s) => byStatus.FirstOrDefault(g => g.Status == s)?.Count ?? 0;
        var noInventory = byStatus.FirstOrDefault(g => g.Status == OrderStatus.New)?.NoInventory ?? 0;
        return new OrderCounts(Count(OrderStatus.New), noInventory, Count(OrderStatus.Accepted), Count(OrderStatus.Awaiting),
            Count(OrderStatus.Cancelled));
    }

    private async Task<OrderOutcome> SyncOneAsync(InventoryDbContext db, StockCommands sql, int instanceId, IncomingOrder incoming,
        Actor actor, CancellationToken ct)
    {
        var number = Keys.Display(incoming.OrderNumber);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Settings are read inside the order's transaction: a change applies to syncs that start after it.
            var instance = await InstanceById(db, instanceId, ct);
            var known = await db.OrdersOf(instanceId).AsNoTracking().Include(o => o.Lines)
                .SingleOrDefaultAsync(o => o.OrderNumber == number, ct);
            if (known is not null)
                return Outcome(known, OrderOutcomeKind.AlreadyKnown);

            var now = clock.GetUtcNow().UtcDateTime;
            var order = NewOrder(instance, incoming, now);
            db.Orders.Add(order);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear(); // from here on the order's changes are saved by LeaveNewAsync

            var outcome = instance.AutoLabel
                ? await LeaveNewAsync(sql, tx, new FlowSettings(instance.Id, instance.InventoryCheck, instance.AutoLabel), order, actor, now, ct)
                : Outcome(order, OrderOutcomeKind.Created);
            await tx.CommitAsync(ct);
            return outcome;
        }
        catch (ValidationException ex)
        {
            return new OrderOutcome(number, OrderOutcomeKind.Rejected, null, ex.Message, [], Field: ex.Field);
        }
        catch (DbUpdateException)
        {
            // Another writer inserted the same order number first (a server without SQLite's single
            // writer): report it as it stands; the loser's deduction was rolled back with its insert.
            db.ChangeTracker.Clear();
            var known = await GetAsync(instanceId, number, ct);
            if (known is null)
                throw;
            return new OrderOutcome(number, OrderOutcomeKind.AlreadyKnown, known.Status, known.Error, known.Shortages, known.Id);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private Task<OrderOutcome> AcceptOneAsync(InventoryDbContext db, StockCommands sql, int instanceId, long orderId,
        Actor actor, CancellationToken ct) =>
        InOrderTransactionAsync(db, sql, instanceId, orderId,
            order => order.Status == OrderStatus.New ? null : $"Order {order.OrderNumber} is {order.Status}, not NEW.",
            (tx, settings, order) => LeaveNewAsync(sql, tx, settings, order, actor, clock.GetUtcNow().UtcDateTime, ct), ct);

    /// <summary>
    /// One order in its own transaction on the bulk call's connection: the instance's switches as they
    /// stand now, the order, a guard on its state, the work, the commit. Another writer that moved the
    /// order first makes it Skipped, with this transaction's deductions rolled back.
    /// </summary>
    private static async Task<OrderOutcome> InOrderTransactionAsync(InventoryDbContext db, StockCommands sql, int instanceId,
        long orderId, Func<Order, string?> whyNot, Func<IDbContextTransaction, FlowSettings, Order, Task<OrderOutcome>> work,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var settings = await FlowSettings.ReadAsync(sql, instanceId, ct);
        var order = await sql.OrderAsync(instanceId, orderId, ct) ?? throw new NotFoundException($"No order {orderId}.");
        if (whyNot(order) is { } reason)
            return Outcome(order, OrderOutcomeKind.Skipped, reason);
        try
        {
            var outcome = await work(tx, settings, order);
            await tx.CommitAsync(ct);
            return outcome;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome(order, OrderOutcomeKind.Skipped, $"Order {order.OrderNumber} was changed by someone else.");
        }
    }

    private async Task<OrderOutcome> LabelOneAsync(int instanceId, long orderId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.OrdersOf(instanceId).Include(o => o.Lines).SingleAsync(o => o.Id == orderId, ct);
        if (order.Status != OrderStatus.Accepted)
            return Outcome(order, OrderOutcomeKind.Skipped, $"Order {order.OrderNumber} is {order.Status}, not Accepted.");
        try
        {
            var kind = OrderOutcomeKind.Moved;
            if (await TryCreateLabelAsync(order, ct) is { } tracking)
                order.AttachLabel(tracking, clock.GetUtcNow().UtcDateTime);
            else
                kind = OrderOutcomeKind.Failed;
            await db.SaveChangesAsync(ct);
            return Outcome(order, kind);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome(order, OrderOutcomeKind.Skipped, $"Order {order.OrderNumber} was changed by someone else.");
        }
    }

    private async Task<OrderOutcome> CancelOneAsync(int instanceId, long orderId, string reason, Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var order = await db.OrdersOf(instanceId).Include(o => o.Lines).SingleAsync(o => o.Id == orderId, ct);
        if (order.Status is not (OrderStatus.New or OrderStatus.Accepted or OrderStatus.Awaiting))
            return Outcome(order, OrderOutcomeKind.Skipped, $"Order {order.OrderNumber} is {order.Status}; it cannot be cancelled.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (order.Deducted)
        {
            await using var sql = new StockCommands(db);
            await RestockAsync(db, sql, instanceId, order, actor, now, ct);
        }
        order.Cancel(reason, now);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome(order, OrderOutcomeKind.Skipped, $"Order {order.OrderNumber} was changed by someone else.");
        }
        return Outcome(order, OrderOutcomeKind.Cancelled);
    }

    /// <summary>Puts back exactly what this order's accept deducted, where the item is still the same tracked item.</summary>
    private static async Task RestockAsync(InventoryDbContext db, StockCommands sql, int instanceId, Order order, Actor actor,
        DateTime now, CancellationToken ct)
    {
        var deductions = await db.MovementsOf(instanceId)
            .Where(m => m.OrderId == order.Id && m.Reason == MovementReason.Accept)
            .Select(m => new { m.Id, m.WarehouseKey, m.SkuKey, m.Change })
            .ToListAsync(ct);
        foreach (var d in deductions)
        {
            // Cleared since the accept: that stock count was thrown away, so nothing to put back.
            var clearedSince = await db.MovementsOf(instanceId).AnyAsync(m =>
                m.Id > d.Id && m.Reason == MovementReason.Clear && m.WarehouseKey == d.WarehouseKey && m.SkuKey == d.SkuKey, ct);
            if (clearedSince)
                continue;
            if (await sql.TryRestockAsync(instanceId, d.WarehouseKey, d.SkuKey, -d.Change, now, ct) is { } restocked)
                db.StockMovements.Add(new StockMovement(instanceId, restocked.Warehouse, d.WarehouseKey, restocked.Sku, d.SkuKey,
                    -d.Change, restocked.QuantityAfter, MovementReason.Restock, actor.Name, now, orderId: order.Id));
        }
    }

    private Task<OrderOutcome> ReleaseOneAsync(InventoryDbContext db, StockCommands sql, int instanceId, long orderId,
        Actor actor, CancellationToken ct) =>
        InOrderTransactionAsync(db, sql, instanceId, orderId,
            order => order.IsHeld ? null : $"Order {order.OrderNumber} is no longer held.",
            async (tx, settings, order) =>
            {
                if (settings.AutoLabel)
                    return await LeaveNewAsync(sql, tx, settings, order, actor, clock.GetUtcNow().UtcDateTime, ct);
                var shortages = await ShortagesAsync(sql, instanceId, order, ct);
                if (shortages.Count > 0)
                    order.MarkNoInventory(shortages);
                else
                    order.Release();
                await SaveAsync(sql, order, ct);
                return Outcome(order, shortages.Count > 0 ? OrderOutcomeKind.NoInventory : OrderOutcomeKind.Released);
            }, ct);

    /// <summary>Rule 5 without deducting: the tracked SKUs the order needs more of than is on hand.</summary>
    private static async Task<List<Shortage>> ShortagesAsync(StockCommands sql, int instanceId, Order order, CancellationToken ct)
    {
        var shortages = new List<Shortage>();
        foreach (var (skuKey, (sku, quantity)) in order.QuantitiesBySku())
            if (await sql.OnHandAsync(instanceId, order.WarehouseKey, skuKey, ct) is int onHand && onHand < quantity)
                shortages.Add(new Shortage(sku, order.Warehouse, quantity, onHand));
        return shortages;
    }

    private static async Task SaveAsync(StockCommands sql, Order order, CancellationToken ct)
    {
        if (!await sql.SaveLeavingNewAsync(order, ct))
            throw new DbUpdateConcurrencyException($"Order {order.OrderNumber} left NEW in another transaction.");
    }

    /// <summary>
    /// The move out of NEW (rules 5–8): deduct every tracked SKU by a conditional update; when the check
    /// is on and any SKU is short, undo this order's deductions and mark it "No inventory" instead.
    /// Saves the order's new state and the ledger rows in the caller's transaction.
    /// </summary>
    private async Task<OrderOutcome> LeaveNewAsync(StockCommands sql, IDbContextTransaction tx, FlowSettings instance,
        Order order, Actor actor, DateTime now, CancellationToken ct)
    {
        await tx.CreateSavepointAsync(DeductSavepoint, ct);
        var shortages = new List<Shortage>();
        var movements = new List<StockMovement>();
        foreach (var (skuKey, (sku, quantity)) in order.QuantitiesBySku())
        {
            var deducted = await sql.TryDeductAsync(instance.Id, order.WarehouseKey, skuKey, quantity,
                enforce: instance.InventoryCheck, now, ct);
            if (deducted is not null)
                movements.Add(new StockMovement(instance.Id, deducted.Warehouse, order.WarehouseKey, deducted.Sku, skuKey,
                    -quantity, deducted.QuantityAfter, MovementReason.Accept, actor.Name, now, orderId: order.Id));
            else if (await sql.OnHandAsync(instance.Id, order.WarehouseKey, skuKey, ct) is int onHand)
                shortages.Add(new Shortage(sku, order.Warehouse, quantity, onHand));
            // else: untracked there, so never checked and never deducted.
        }

        var kind = OrderOutcomeKind.Moved;
        if (shortages.Count > 0)
        {
            await tx.RollbackToSavepointAsync(DeductSavepoint, ct);
            order.MarkNoInventory(shortages);
            kind = OrderOutcomeKind.NoInventory;
        }
        else if (!instance.AutoLabel)
        {
            order.Accept(now);
        }
        else if (await TryCreateLabelAsync(order, ct) is { } tracking)
        {
            order.AttachLabel(tracking, now);
        }
        else
        {
            // A label failure undoes this order's deductions with them; the order stays with the reason shown.
            await tx.RollbackToSavepointAsync(DeductSavepoint, ct);
            kind = OrderOutcomeKind.Failed;
        }

        if (kind == OrderOutcomeKind.Moved)
            foreach (var movement in movements)
                await sql.AddMovementAsync(movement, ct);
        await SaveAsync(sql, order, ct);
        return Outcome(order, kind);
    }

    /// <summary>What leaving NEW depends on, read inside each order's transaction (rule 4: later operations see a change).</summary>
    private sealed record FlowSettings(int Id, bool InventoryCheck, bool AutoLabel)
    {
        public static async Task<FlowSettings> ReadAsync(StockCommands sql, int instanceId, CancellationToken ct)
        {
            var (check, autoLabel) = await sql.FlowSettingsAsync(instanceId, ct);
            return new FlowSettings(instanceId, check, autoLabel);
        }
    }

    private async Task<string?> TryCreateLabelAsync(Order order, CancellationToken ct)
    {
        try
        {
            return await labels.CreateLabelAsync(order, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Label for order {OrderNumber} failed", order.OrderNumber);
            order.MarkLabelFailed($"Label failed: {ex.Message}");
            return null;
        }
    }

    private static Order NewOrder(Instance instance, IncomingOrder incoming, DateTime now)
    {
        var warehouse = string.IsNullOrWhiteSpace(incoming.Warehouse) ? instance.DefaultWarehouse : incoming.Warehouse;
        var lines = (incoming.Lines ?? []).Select(l => new OrderLine(l.Sku, l.Quantity)).ToList();
        var orderedAt = incoming.OrderedAt == default ? now : incoming.OrderedAt.ToUniversalTime();
        return new Order(instance.Id, incoming.OrderNumber, warehouse, orderedAt, now, lines, incoming.ShipBy?.ToUniversalTime());
    }

    /// <summary>A context whose connection stays open for a whole bulk operation.</summary>
    private async Task<InventoryDbContext> OpenAsync(CancellationToken ct)
    {
        var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        return db;
    }

    private async Task<IReadOnlyList<long>> OldestFirstAsync(int instanceId, IEnumerable<long> orderIds, CancellationToken ct)
    {
        var ids = orderIds.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OrdersOf(instanceId).Where(o => ids.Contains(o.Id))
            .OrderBy(o => o.OrderedAt).ThenBy(o => o.Id)
            .Select(o => o.Id)
            .ToListAsync(ct);
    }

    private async Task EnsureInstanceAsync(int instanceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct))
            throw new NotFoundException($"Instance {instanceId} does not exist.");
    }

    private void Publish(int instanceId, IReadOnlyList<OrderOutcome> outcomes)
    {
        if (outcomes.Any(o => o.Kind is not (OrderOutcomeKind.AlreadyKnown or OrderOutcomeKind.Skipped or OrderOutcomeKind.Rejected)))
            notifier.Publish(new OrdersChanged(instanceId));
        if (outcomes.Any(o => o.Kind is OrderOutcomeKind.Moved or OrderOutcomeKind.Cancelled))
            notifier.Publish(new StockChanged(instanceId));
    }

    private static OrderOutcome Outcome(Order order, OrderOutcomeKind kind, string? message = null) =>
        new(order.OrderNumber, kind, order.Status, message ?? order.Error, order.Shortages.ToList(), order.Id);

    internal static OrderView ToView(Order order, DateTime now) => new(
        order.Id, order.OrderNumber, order.Warehouse, order.Status, order.Error, order.Shortages.ToList(),
        order.Lines.Select(l => new OrderLineView(l.Sku, l.Quantity)).ToList(),
        order.Label, order.OrderedAt, order.SyncedAt, order.AcceptedAt, order.LabelledAt,
        order.ShipBy, order.CancelledAt, order.CancelReason,
        ShipBySoon: order.IsHeld && order.ShipBy is { } shipBy && shipBy - now <= ShipBySoonWindow);

}
