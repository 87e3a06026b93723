using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Inventory.Domain.Stock;

/// <summary>
/// The one home for stock: the only code that changes a quantity on hand. Each change writes its
/// ledger row (rule 10) in the caller's transaction, through the provider port's statements. Order
/// use cases, the import and Clear Inventory call it; none of them touches quantities or movements.
/// </summary>
public sealed class StockLedger(IDbContextFactory<InventoryDbContext> dbFactory, IDatabaseEngine provider)
{
    internal const string DeductSavepoint = "deduct";

    /// <summary>
    /// Deducts every tracked SKU of the order (rules 5, 8, 9): all lines or none. With
    /// <paramref name="enforce"/> (Inventory Check on), a short SKU undoes the lines already deducted and
    /// the result lists the shortages; untracked SKUs are never deducted, and are short only when the
    /// instance says untracked SKUs count as short.
    /// </summary>
    internal static async Task<Deduction> DeductForOrderAsync(OrderTransaction unit, Order order, bool enforce, CancellationToken ct)
    {
        await unit.Transaction.CreateSavepointAsync(DeductSavepoint, ct);
        var shortages = new List<Shortage>();
        // Always in SKU order: two orders sharing SKUs then lock their rows in the same order and never
        // deadlock on an engine where writers run side by side.
        foreach (var (skuKey, (sku, quantity)) in order.QuantitiesBySku().OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var deducted = await unit.Statements.TryDeductAsync(unit.InstanceId, order.WarehouseKey, skuKey, quantity, enforce, unit.Now, ct);
            if (deducted is not null)
                await unit.Statements.AddMovementAsync(new StockMovement(unit.InstanceId, deducted.Key, -quantity, deducted.QuantityAfter,
                    MovementReason.Accept, unit.Actor.Name, unit.Now, orderId: order.Id), ct);
            else if (await unit.Statements.OnHandAsync(unit.InstanceId, order.WarehouseKey, skuKey, ct) is { } onHand)
                shortages.Add(new Shortage(sku, order.Warehouse, quantity, onHand));
            else if (enforce && unit.Settings.UntrackedCountsAsShort)
                shortages.Add(new Shortage(sku, order.Warehouse, quantity, 0));
        }
        if (shortages.Count > 0)
            await unit.Transaction.RollbackToSavepointAsync(DeductSavepoint, ct);
        return new Deduction(unit.Transaction, shortages);
    }

    /// <summary>Rule 5 without deducting: the tracked SKUs the order needs more of than is on hand (and the untracked ones, when they count as short).</summary>
    internal static async Task<IReadOnlyList<Shortage>> ShortagesAsync(OrderTransaction unit, Order order, CancellationToken ct)
    {
        var shortages = new List<Shortage>();
        foreach (var (skuKey, (sku, quantity)) in order.QuantitiesBySku())
        {
            var onHand = await unit.Statements.OnHandAsync(unit.InstanceId, order.WarehouseKey, skuKey, ct);
            if (onHand < quantity || onHand is null && unit.Settings.UntrackedCountsAsShort)
                shortages.Add(new Shortage(sku, order.Warehouse, quantity, onHand ?? 0));
        }
        return shortages;
    }

    /// <summary>
    /// Rule 11: puts back what the order's accept deducted, on items still tracked whose count has not
    /// been replaced since — by an import that changed the item, or a clear. A line not put back gets a
    /// ledger row with no change and a note saying why, and is listed in the result.
    /// </summary>
    internal static async Task<IReadOnlyList<NotRestocked>> RestockForOrderAsync(OrderTransaction unit, Order order, CancellationToken ct)
    {
        var movements = unit.Db.MovementsOf(unit.InstanceId);
        var deductions = await movements.AsNoTracking()
            .Where(m => m.OrderId == order.Id && m.Reason == MovementReason.Accept)
            .OrderBy(m => m.Id)
            .Select(m => new
            {
                m.Warehouse, m.WarehouseKey, m.Sku, m.SkuKey, m.Change,
                ReplacedBy = movements
                    .Where(r => r.Id > m.Id && r.SkuKey == m.SkuKey && r.WarehouseKey == m.WarehouseKey
                                && (r.Reason == MovementReason.Import || r.Reason == MovementReason.Clear))
                    .OrderBy(r => r.Id)
                    .Select(r => (MovementReason?)r.Reason)
                    .FirstOrDefault(),
            })
            .ToListAsync(ct);

        var notRestocked = new List<NotRestocked>();
        foreach (var d in deductions)
        {
            var item = new StockItemKey(d.Warehouse, d.WarehouseKey, d.Sku, d.SkuKey);
            var quantity = -d.Change;
            var why = d.ReplacedBy switch
            {
                MovementReason.Clear => RestockRefusal.ClearedSince,
                MovementReason.Import => RestockRefusal.CountedSince,
                _ => (RestockRefusal?)null,
            };
            if (why is null && await unit.Statements.TryAddAsync(unit.InstanceId, d.WarehouseKey, d.SkuKey, quantity,
                    Fields.MaxStockQuantity, unit.Now, ct) is { } added)
            {
                await unit.Statements.AddMovementAsync(new StockMovement(unit.InstanceId, added.Key, quantity, added.QuantityAfter,
                    MovementReason.Restock, unit.Actor.Name, unit.Now, orderId: order.Id), ct);
                continue;
            }
            var onHand = await unit.Statements.OnHandAsync(unit.InstanceId, d.WarehouseKey, d.SkuKey, ct);
            var refusal = new NotRestocked(d.Sku, d.Warehouse, quantity,
                why ?? (onHand is null ? RestockRefusal.Untracked : RestockRefusal.WouldExceedMaximum));
            notRestocked.Add(refusal);
            await unit.Statements.AddMovementAsync(new StockMovement(unit.InstanceId, item, 0, onHand ?? 0, MovementReason.Restock,
                unit.Actor.Name, unit.Now, orderId: order.Id, note: refusal.Explanation), ct);
        }
        return notRestocked;
    }

    /// <summary>Rule 3: the items stop being tracked; a Clear movement per item keeps what was cleared, to undo.</summary>
    public async Task<ClearResult> ClearAsync(int instanceId, ClearRequest request, Actor actor, DateTime now, CancellationToken ct)
    {
        var items = request.All
            ? null
            : request.Items.Select(k => (Keys.Normalize(k.Warehouse), Keys.Normalize(k.Sku))).Distinct().ToList();
        return await InCountTransactionAsync(instanceId, actor, Accounts.Permission.ClearInventory,
            stock => stock.ClearAsync(instanceId, items, actor.Name, now, ct), ct);
    }

    /// <summary>Reverses an applied import's own changes, keeping every accept and count since (see <see cref="IBulkStatements.UndoImportAsync"/>).</summary>
    public Task<UndoResult> UndoImportAsync(int instanceId, long importId, Actor actor, DateTime now, CancellationToken ct) =>
        InCountTransactionAsync(instanceId, actor, Accounts.Permission.UpdateInventory,
            stock => stock.UndoImportAsync(instanceId, importId, actor.Name, now, ct), ct);

    /// <summary>Tracks a clear's items again as they were, unless tracked again since (see <see cref="IBulkStatements.UndoClearAsync"/>).</summary>
    public Task<UndoResult> UndoClearAsync(int instanceId, long clearId, Actor actor, DateTime now, CancellationToken ct) =>
        InCountTransactionAsync(instanceId, actor, Accounts.Permission.ClearInventory,
            stock => stock.UndoClearAsync(instanceId, clearId, actor.Name, now, ct), ct);

    /// <summary>Rules 1, 2: sets every item of a previewed import to its counted quantity, in one transaction, with its Import movement.</summary>
    public async Task<AppliedImport> ApplyImportAsync(ImportApplication apply, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await provider.ApplyImportAsync(db, apply, ct);
    }

    /// <summary>A count-like change (clear, undo): one transaction that no order's stock change interleaves with.</summary>
    private async Task<T> InCountTransactionAsync<T>(int instanceId, Actor actor, Accounts.Permission permission,
        Func<IBulkStatements, Task<T>> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, permission, ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await using var stock = provider.BulkStatements(db);
        var result = await change(stock);
        await tx.CommitAsync(ct);
        return result;
    }
}

/// <summary>What <see cref="StockLedger.DeductForOrderAsync"/> did: all of the order's tracked lines, or none.</summary>
internal sealed class Deduction(IDbContextTransaction transaction, IReadOnlyList<Shortage> shortages)
{
    public IReadOnlyList<Shortage> Shortages { get; } = shortages;

    public bool IsShort => Shortages.Count > 0;

    /// <summary>Takes the deduction and its ledger rows back, e.g. when the label that was to follow failed.</summary>
    public Task UndoAsync(CancellationToken ct) => transaction.RollbackToSavepointAsync(StockLedger.DeductSavepoint, ct);
}

public enum RestockRefusal
{
    /// <summary>The item is no longer tracked.</summary>
    Untracked,
    /// <summary>Cleared after the accept: that count was thrown away.</summary>
    ClearedSince,
    /// <summary>An import set a new count after the accept; the count stands.</summary>
    CountedSince,
    /// <summary>Putting the units back would take the item above the largest count an item may hold.</summary>
    WouldExceedMaximum,
}

/// <summary>A line of a cancelled order whose deducted units were not put back, and why.</summary>
public sealed record NotRestocked(string Sku, string Warehouse, int Quantity, RestockRefusal Why)
{
    public string Explanation => Why switch
    {
        RestockRefusal.ClearedSince => $"Not put back: {Sku} in {Warehouse} was cleared after the accept.",
        RestockRefusal.CountedSince => $"Not put back: {Sku} in {Warehouse} was counted again by an import after the accept; the count stands.",
        RestockRefusal.WouldExceedMaximum => $"Not put back: {Sku} in {Warehouse} would hold more than {Fields.MaxStockQuantity:N0}.",
        _ => $"Not put back: {Sku} is no longer tracked in {Warehouse}.",
    };
}
