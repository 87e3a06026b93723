using Inventory.Domain.Common;
using Inventory.Domain.Notifications;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Inventory.Domain.Orders;

/// <summary>What leaving NEW depends on, read inside each order's transaction (rule 4: later operations see a change).</summary>
public sealed record FlowSettings(bool InventoryCheck, bool AutoLabel);

/// <summary>
/// The one skeleton of every bulk order command (intake, accept, labels, cancel, release): one context
/// and connection for the call, the provider's stock statements prepared once, and each order in its
/// own transaction — so one short or failing order never stops the others. Publishes after the commits.
/// </summary>
public sealed class OrderBatch(
    IDbContextFactory<InventoryDbContext> dbFactory,
    IDatabaseEngine provider,
    IChangeNotifier notifier,
    TimeProvider clock)
{
    private static readonly Func<InventoryDbContext, int, CancellationToken, Task<FlowSettings?>> SettingsOf =
        EF.CompileAsyncQuery((InventoryDbContext db, int id, CancellationToken _) =>
            db.Instances.Where(i => i.Id == id).Select(i => new FlowSettings(i.InventoryCheck, i.AutoLabel)).SingleOrDefault());

    public async Task<BulkOutcome> RunAsync<T>(int instanceId, IEnumerable<T> items, Actor actor,
        Func<OrderTransaction, T, Task<OrderOutcome>> work, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        // Each order's transaction is the unit; EF's own savepoint around every SaveChanges would only cost.
        db.Database.AutoSavepointsEnabled = false;
        if (await SettingsOf(db, instanceId, ct) is null)
            throw new NotFoundException($"Instance {instanceId} does not exist.");
        await using var stock = provider.StockStatements(db);

        var outcomes = new List<OrderOutcome>();
        foreach (var item in items)
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var settings = await SettingsOf(db, instanceId, ct) ?? throw new NotFoundException($"Instance {instanceId} does not exist.");
            var unit = new OrderTransaction(db, tx, stock, instanceId, settings, actor, clock.GetUtcNow().UtcDateTime);
            var outcome = await work(unit, item);
            if (!unit.RolledBack)
                await tx.CommitAsync(ct);
            outcomes.Add(outcome);
        }
        Publish(instanceId, outcomes);
        return new BulkOutcome(outcomes);
    }

    /// <summary>The instance's orders among <paramref name="orderIds"/>, oldest first (rule 6).</summary>
    public async Task<IReadOnlyList<long>> OldestFirstAsync(int instanceId, IEnumerable<long> orderIds, CancellationToken ct)
    {
        var ids = orderIds.Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OrdersOf(instanceId).Where(o => ids.Contains(o.Id))
            .OrderBy(o => o.OrderedAt).ThenBy(o => o.Id)
            .Select(o => o.Id)
            .ToListAsync(ct);
    }

    private void Publish(int instanceId, IReadOnlyList<OrderOutcome> outcomes)
    {
        if (outcomes.Any(o => o.Kind is not (OrderOutcomeKind.AlreadyKnown or OrderOutcomeKind.Skipped or OrderOutcomeKind.Rejected)))
            notifier.Publish(new OrdersChanged(instanceId));
        if (outcomes.Any(o => o.Kind is OrderOutcomeKind.Moved or OrderOutcomeKind.Cancelled))
            notifier.Publish(new StockChanged(instanceId));
    }
}

/// <summary>One order's transaction inside an <see cref="OrderBatch"/>: the order is loaded whole and saved one way.</summary>
public sealed class OrderTransaction
{
    private static readonly Func<InventoryDbContext, int, long, CancellationToken, Task<Order?>> OrderById =
        EF.CompileAsyncQuery((InventoryDbContext db, int instanceId, long id, CancellationToken _) =>
            db.Orders.Include(o => o.Lines).SingleOrDefault(o => o.InstanceId == instanceId && o.Id == id));

    internal OrderTransaction(InventoryDbContext db, IDbContextTransaction transaction, IStockStatements stock, int instanceId,
        FlowSettings settings, Actor actor, DateTime now)
    {
        Db = db;
        Transaction = transaction;
        Stock = stock;
        InstanceId = instanceId;
        Settings = settings;
        Actor = actor;
        Now = now;
    }

    internal InventoryDbContext Db { get; }
    internal IDbContextTransaction Transaction { get; }
    internal IStockStatements Stock { get; }
    public int InstanceId { get; }
    public FlowSettings Settings { get; }
    public Actor Actor { get; }
    public DateTime Now { get; }

    /// <summary>The transaction was rolled back (another writer won); the batch does not commit it.</summary>
    internal bool RolledBack { get; private set; }

    public Task<Order?> OrderAsync(long orderId, CancellationToken ct) => OrderById(Db, InstanceId, orderId, ct);

    /// <summary>
    /// Saves the order's changes, guarded by its status as loaded (rule 8). False when another writer
    /// changed the order first: this transaction, deductions included, is then rolled back.
    /// </summary>
    public async Task<bool> SaveAsync(CancellationToken ct)
    {
        try
        {
            await Db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            await RollBackAsync(ct);
            return false;
        }
    }

    /// <summary>
    /// Adds a new order (intake). False when another writer inserted the same order number first (a
    /// server without SQLite's single writer); this transaction is then rolled back.
    /// </summary>
    public async Task<bool> AddAsync(Order order, CancellationToken ct)
    {
        Db.Orders.Add(order);
        try
        {
            await Db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            await RollBackAsync(ct);
            if (!await Db.OrdersOf(InstanceId).AnyAsync(o => o.OrderNumber == order.OrderNumber, ct))
                throw;
            return false;
        }
    }

    private async Task RollBackAsync(CancellationToken ct)
    {
        await Transaction.RollbackAsync(ct);
        Db.ChangeTracker.Clear();
        RolledBack = true;
    }
}
