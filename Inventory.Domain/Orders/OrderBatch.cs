using Inventory.Domain.Common;
using Inventory.Domain.Notifications;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Inventory.Domain.Orders;

/// <summary>What leaving NEW depends on, read inside each order's transaction (rule 4: later operations see a change).</summary>
/// <param name="UntrackedCountsAsShort">Inventory Check counts a line whose SKU is not tracked as short (the instance's setting).</param>
/// <param name="MarketplacePartyId">The selling party of the instance's Amazon connection: orders leaving NEW are acknowledged to it. Null: not connected.</param>
public sealed record FlowSettings(bool InventoryCheck, bool AutoLabel, bool UntrackedCountsAsShort = false, string? MarketplacePartyId = null);

/// <summary>What an order's decisions depend on: checked again inside its transaction.</summary>
public readonly record struct OrderState(OrderStatus Status, Hold Hold);

/// <summary>
/// The one skeleton of every bulk order command (intake, accept, labels, cancel, release): one context
/// and connection for the call, the provider's stock statements prepared once, and each order in its
/// own transaction — so one short or failing order never stops the others. Publishes after the commits.
/// </summary>
public sealed class OrderBatch(
    IDbContextFactory<InventoryDbContext> dbFactory,
    IDatabaseEngine provider,
    IChangeNotifier notifier,
    TimeProvider clock,
    Marketplace.Marketplaces marketplaces,
    ILogger<OrderBatch> logger)
{
    // Orders are read ahead in chunks, outside the per-order transactions. Inside each transaction
    // their status and hold are checked again (one prepared read), and a copy that went stale is read
    // anew, so every decision is made on the order as it stands under the write lock.
    private const int ReadAhead = 200;

    public async Task<BulkOutcome> RunAsync<T>(int instanceId, IEnumerable<T> items, Func<T, string> nameOf, Actor actor,
        Func<OrderTransaction, T, Task<OrderOutcome>> work, CancellationToken ct)
    {
        await AdmitAsync(instanceId, actor, ct);
        return await RunAsync(instanceId, items.ToAsyncEnumerable(), nameOf, actor, work, ct);
    }

    /// <summary>Every order command is an Operator's, on an instance of the actor's account.</summary>
    private async Task AdmitAsync(int instanceId, Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Accounts.Permission.HandleOrders, ct);
    }

    private async Task<BulkOutcome> RunAsync<T>(int instanceId, IAsyncEnumerable<T> items, Func<T, string> nameOf, Actor actor,
        Func<OrderTransaction, T, Task<OrderOutcome>> work, CancellationToken ct)
    {
        // Read before any order's transaction, so the read never waits on (or holds up) a write lock.
        var marketplace = await marketplaces.ForAsync(instanceId, Marketplace.MarketplaceCapabilities.None, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        // Each order's transaction is the unit; EF's own savepoint around every SaveChanges would only cost.
        db.Database.AutoSavepointsEnabled = false;
        await using var statements = provider.BulkStatements(db);

        var outcomes = new List<OrderOutcome>();
        try
        {
            await foreach (var item in items)
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                try
                {
                    var settings = await statements.FlowSettingsAsync(instanceId, ct)
                        ?? throw new NotFoundException($"Instance {instanceId} does not exist.");
                    var unit = new OrderTransaction(db, tx, statements, instanceId, settings, actor, clock.GetUtcNow().UtcDateTime, marketplace);
                    var outcome = await work(unit, item);
                    if (!unit.RolledBack)
                        await tx.CommitAsync(ct);
                    outcomes.Add(outcome);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One order's failure is its own outcome; its transaction rolls back when disposed.
                    logger.OrderFailed(ex, nameOf(item), instanceId);
                    outcomes.Add(new OrderOutcome(nameOf(item), OrderOutcomeKind.Failed, null, Hold.None,
                        $"Order {nameOf(item)} was not processed: {ex.Message}", []));
                }
            }
        }
        finally
        {
            // Also when the call is cancelled part-way: what committed is announced.
            Publish(instanceId, outcomes);
        }
        return new BulkOutcome(outcomes);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on each of the instance's orders among <paramref name="orderIds"/>,
    /// oldest first (rule 6), each loaded whole with its lines and as it stands inside its transaction.
    /// </summary>
    /// <param name="beforeTransaction">
    /// Slow outside work on the order (a carrier's label), done before its transaction so the database's
    /// write lock is not held meanwhile. When the order changed in between, the outcome is Skipped.
    /// </param>
    public async Task<BulkOutcome> RunOnOrdersAsync(int instanceId, IEnumerable<long> orderIds, Actor actor,
        Func<OrderTransaction, Order, Task<OrderOutcome>> work, CancellationToken ct,
        Func<Order, Task>? beforeTransaction = null)
    {
        await AdmitAsync(instanceId, actor, ct);
        var ids = await OldestFirstAsync(instanceId, orderIds, ct);
        var loaded = ReadAheadAsync(instanceId, ids, ct).Select(async (Order order, CancellationToken _) =>
        {
            var asRead = new OrderState(order.Status, order.Hold);
            if (beforeTransaction is not null)
                await beforeTransaction(order);
            return (Order: order, AsRead: asRead);
        });
        return await RunAsync(instanceId, loaded, o => o.Order.OrderNumber, actor, async (unit, o) =>
        {
            var order = o.Order;
            if (await unit.Statements.OrderStateAsync(order.Id, ct) is var now && now != o.AsRead)
            {
                if (beforeTransaction is not null || now is null)
                    return OrderOutcome.ChangedElsewhere(order);
                order = await unit.Db.WholeOrdersOf(instanceId).SingleAsync(x => x.Id == order.Id, ct);
            }
            unit.Loaded(now!.Value.Status);
            return await work(unit, order);
        }, ct);
    }

    private async IAsyncEnumerable<Order> ReadAheadAsync(int instanceId, IReadOnlyList<long> ids,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var chunk in ids.Chunk(ReadAhead))
        {
            List<Order> orders;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                orders = await db.WholeOrdersOf(instanceId).Where(o => chunk.Contains(o.Id)).ToListAsync(ct);
            var byId = orders.ToDictionary(o => o.Id);
            foreach (var id in chunk)
                if (byId.TryGetValue(id, out var order))
                    yield return order;
        }
    }

    /// <summary>The instance's orders among <paramref name="orderIds"/>, oldest first (rule 6).</summary>
    private async Task<IReadOnlyList<long>> OldestFirstAsync(int instanceId, IEnumerable<long> orderIds, CancellationToken ct)
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
        if (outcomes.Any(o => o.Kind is not (OrderOutcomeKind.Duplicate or OrderOutcomeKind.Conflict or OrderOutcomeKind.Skipped or OrderOutcomeKind.Rejected)))
            notifier.Publish(new OrdersChanged(instanceId));
        if (outcomes.Any(o => o.Kind is OrderOutcomeKind.Moved or OrderOutcomeKind.Cancelled))
            notifier.Publish(new StockChanged(instanceId));
    }
}

/// <summary>
/// One order's transaction inside an <see cref="OrderBatch"/>. The order was loaded whole by EF (with its
/// lines and shortages); its changes are saved one way, <see cref="SaveAsync"/>.
/// </summary>
public sealed class OrderTransaction
{
    internal OrderTransaction(InventoryDbContext db, IDbContextTransaction transaction, IBulkStatements statements, int instanceId,
        FlowSettings settings, Actor actor, DateTime now, Marketplace.IMarketplace? marketplace = null)
    {
        Marketplace = marketplace;
        Db = db;
        Transaction = transaction;
        Statements = statements;
        InstanceId = instanceId;
        Settings = settings;
        Actor = actor;
        Now = now;
    }

    internal InventoryDbContext Db { get; }
    internal IDbContextTransaction Transaction { get; }
    internal IBulkStatements Statements { get; }
    public int InstanceId { get; }
    public FlowSettings Settings { get; }
    public Actor Actor { get; }
    public DateTime Now { get; }

    /// <summary>The marketplace serving the instance, told about the order's changes through the outbox; null: none.</summary>
    internal Marketplace.IMarketplace? Marketplace { get; }

    /// <summary>The order's status when this transaction read it: what its save is guarded by.</summary>
    internal OrderStatus LoadedStatus { get; private set; }

    /// <summary>The transaction was rolled back (another writer won); the batch does not commit it.</summary>
    internal bool RolledBack { get; private set; }

    /// <summary>
    /// Saves every change of the order made in this transaction — the one way an order's changes are
    /// written — guarded by the status it was loaded with (rule 8). False when another writer changed
    /// the order first: this transaction, deductions included, is then rolled back.
    /// </summary>
    public async Task<bool> SaveAsync(Order order, CancellationToken ct)
    {
        if (await Statements.SaveOrderAsync(order, LoadedStatus, ct))
        {
            if (order.NewLabel is { } label)
                await Statements.SaveLabelAsync(order.Id, label, Now, ct);
            foreach (var line in order.Lines.Where(l => l.WasResolvedNow()))
                await Db.Set<OrderLine>().Where(l => l.Id == line.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(l => l.Sku, line.Sku).SetProperty(l => l.SkuKey, line.SkuKey), ct);
            LoadedStatus = order.Status;
            return true;
        }
        await RollBackAsync(ct);
        return false;
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
            Loaded(order.Status);
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

    internal void Loaded(OrderStatus status) => LoadedStatus = status;

    private async Task RollBackAsync(CancellationToken ct)
    {
        await Transaction.RollbackAsync(ct);
        Db.ChangeTracker.Clear();
        RolledBack = true;
    }
}
