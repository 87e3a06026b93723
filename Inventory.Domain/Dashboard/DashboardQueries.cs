using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Dashboard;

/// <summary>Orders of one day by what became of them (the day each thing happened, in UTC).</summary>
/// <param name="Held">Orders that came in that day and are held with "No inventory" now.</param>
public sealed record OrdersOfDay(DateOnly Day, int Accepted, int Held, int Cancelled);

/// <summary>Tracked items by health: OK, low (at or below the threshold, when set), at zero, oversold (below zero).</summary>
public sealed record StockHealth(int Ok, int Low, int Zero, int Oversold);

/// <summary>An order that needs a look, with what is short and when it must ship.</summary>
/// <param name="UnknownItems">For an order held "Unknown item", the ASINs no SKU is mapped to yet; null otherwise.</param>
public sealed record AttentionOrder(int InstanceId, string Instance, string OrderNumber, DateTime SyncedAt, DateTime? ShipBy,
    IReadOnlyList<Shortage> Shortages, IReadOnlyList<string> UncheckedSkus, bool UnknownWarehouse, string? UnknownItems = null);

/// <summary>An order whose acknowledgement (or rejection) Amazon refused: it waits for a fix and a resend.</summary>
public sealed record RefusedOrder(int InstanceId, string Instance, string OrderNumber, OrderStatus Status, bool Accepted, string Error, DateTime At,
    OutboxKind Kind = OutboxKind.Acknowledgement, bool Held = false);

public sealed record AttentionItem(int InstanceId, string Instance, string Warehouse, string Sku, int Quantity);

/// <summary>An import or a clear: who, when, and how many items.</summary>
public sealed record StockEvent(int InstanceId, string Instance, string Kind, string What, string User, DateTime At, int Items, string Status);

/// <summary>What the dashboard shows for one instance or all of an account's.</summary>
public sealed record DashboardView(
    IReadOnlyList<OrdersOfDay> OrdersPerDay, StockHealth Stock,
    IReadOnlyList<AttentionOrder> Held, IReadOnlyList<AttentionOrder> Unchecked, IReadOnlyList<AttentionItem> Oversold,
    IReadOnlyList<StockEvent> Recent, IReadOnlyList<RefusedOrder> Refused, IReadOnlyList<RefusedFeed>? RefusedFeeds = null)
{
    /// <summary>Instances whose last inventory update Amazon refused (the feed puts its items back to go again).</summary>
    public IReadOnlyList<RefusedFeed> RefusedFeeds { get; init; } = RefusedFeeds ?? [];
}

/// <summary>An instance's inventory feed whose last batch Amazon refused, with Amazon's error.</summary>
public sealed record RefusedFeed(int InstanceId, string Instance, string Warehouse, int ItemCount, string Error, DateTime At);

/// <summary>The dashboard's read side: a handful of indexed queries per instance, nothing that reads every item.</summary>
public sealed class DashboardQueries(IDbContextFactory<InventoryDbContext> dbFactory, TimeProvider clock)
{
    public const int Days = 14;
    private const int Listed = 10;

    /// <summary>One instance (null: every instance of the actor's account).</summary>
    public async Task<DashboardView> GetAsync(int? instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        List<Instance> instances;
        if (instanceId is { } id)
        {
            await db.EnsureInstanceAsync(id, actor, Permission.View, ct);
            instances = await db.Instances.AsNoTracking().Where(i => i.Id == id).ToListAsync(ct);
        }
        else
        {
            actor.Require(Permission.View);
            instances = await db.InstancesOf(actor).AsNoTracking().OrderBy(i => i.Name).ToListAsync(ct);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var since = today.AddDays(1 - Days).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var perDay = Enumerable.Range(0, Days).ToDictionary(d => today.AddDays(d + 1 - Days), _ => (Accepted: 0, Held: 0, Cancelled: 0));
        var (ok, low, zero, oversold) = (0, 0, 0, 0);
        var held = new List<AttentionOrder>();
        var uncheckedOrders = new List<AttentionOrder>();
        var oversoldItems = new List<AttentionItem>();
        var recent = new List<StockEvent>();
        var refused = new List<RefusedOrder>();
        var refusedFeeds = new List<RefusedFeed>();
        foreach (var instance in instances)
        {
            var orders = db.OrdersOf(instance.Id);
            foreach (var at in await orders.Where(o => o.AcceptedAt >= since).Select(o => o.AcceptedAt!.Value).ToListAsync(ct))
                Count(perDay, at, a => a with { Accepted = a.Accepted + 1 });
            foreach (var at in await orders.Where(o => o.CancelledAt >= since).Select(o => o.CancelledAt!.Value).ToListAsync(ct))
                Count(perDay, at, a => a with { Cancelled = a.Cancelled + 1 });
            foreach (var at in await orders.Where(o => o.Status == OrderStatus.New && o.Hold == Hold.NoInventory && o.SyncedAt >= since)
                         .Select(o => o.SyncedAt).ToListAsync(ct))
                Count(perDay, at, a => a with { Held = a.Held + 1 });

            // Counted along the quantity index: ranges, not a read of every item.
            var stock = db.StockOf(instance.Id);
            var below = await stock.CountAsync(s => s.Quantity < 0, ct);
            var atZero = await stock.CountAsync(s => s.Quantity == 0, ct);
            var lowHere = instance.LowStockThreshold is { } t && t > 0 ? await stock.CountAsync(s => s.Quantity > 0 && s.Quantity <= t, ct) : 0;
            (oversold, zero, low) = (oversold + below, zero + atZero, low + lowHere);
            ok += instance.ItemCount - below - atZero - lowHere;

            var newOrders = await db.WholeOrdersOf(instance.Id).Where(o => o.Status == OrderStatus.New)
                .OrderBy(o => o.SyncedAt).Take(200).AsSplitQuery().ToListAsync(ct);
            var tracking = await OrderTracking.ReadAsync(db, instance.Id, newOrders, ct);
            foreach (var order in newOrders)
            {
                var attention = new AttentionOrder(instance.Id, instance.Name, order.OrderNumber, order.SyncedAt, order.ShipBy, order.Shortages.ToList(),
                    order.Lines.Where(l => !tracking.IsTracked(order, l)).Select(l => l.Sku).ToList(), tracking.WarningsOf(order).Count > 0,
                    order.Hold == Hold.UnknownItem ? order.HoldDetail : null);
                // Held either way, the order waits in NEW for the seller: stock for "No inventory", a mapping for "Unknown item".
                if (order.IsHeld || order.Hold == Hold.UnknownItem)
                    held.Add(attention);
                else if (attention.UncheckedSkus.Count > 0)
                    uncheckedOrders.Add(attention);
            }

            // Along the refused-messages index: the few Amazon refused, not every message ever sent.
            refused.AddRange(await (
                    from m in db.OutboxMessages.AsNoTracking()
                    where m.InstanceId == instance.Id && m.Outcome == TransactionOutcome.Failure
                    join o in db.OrdersOf(instance.Id) on m.OrderId equals o.Id
                    orderby m.AnsweredAt
                    select new RefusedOrder(instance.Id, instance.Name, o.OrderNumber, o.Status, m.Accepted, m.Refusal ?? "", m.AnsweredAt ?? m.CreatedAt, m.Kind, m.SentAt == null))
                .Take(Listed).ToListAsync(ct));
            // The instance's last batch tells: a refused one stays listed until a later push is sent.
            if (await db.FeedTransactions.AsNoTracking().Where(t => t.InstanceId == instance.Id).OrderByDescending(t => t.Id)
                    .FirstOrDefaultAsync(ct) is { Outcome: TransactionOutcome.Failure } feed)
                refusedFeeds.Add(new RefusedFeed(instance.Id, instance.Name, feed.Warehouse, feed.ItemCount, feed.Refusal ?? "", feed.AnsweredAt ?? feed.SentAt));
            oversoldItems.AddRange(await stock.Where(s => s.Quantity < 0).OrderBy(s => s.Quantity).Take(Listed)
                .Select(s => new AttentionItem(instance.Id, instance.Name, s.Warehouse, s.Sku, s.Quantity)).ToListAsync(ct));
            recent.AddRange(await db.Imports.AsNoTracking().Where(i => i.InstanceId == instance.Id).OrderByDescending(i => i.Id).Take(5)
                .Select(i => new StockEvent(instance.Id, instance.Name, "Import", i.FileName, i.User, i.At, i.Created + i.Updated, i.Status.ToString()))
                .ToListAsync(ct));
            recent.AddRange(await db.Clears.AsNoTracking().Where(c => c.InstanceId == instance.Id).OrderByDescending(c => c.Id).Take(5)
                .Select(c => new StockEvent(instance.Id, instance.Name, "Clear", c.Everything ? "all items" : "selected items", c.User, c.At,
                    c.Cleared, c.UndoneAt == null ? "Applied" : "Undone"))
                .ToListAsync(ct));
        }
        return new DashboardView(
            perDay.OrderBy(d => d.Key).Select(d => new OrdersOfDay(d.Key, d.Value.Accepted, d.Value.Held, d.Value.Cancelled)).ToList(),
            new StockHealth(ok, low, zero, oversold),
            held.OrderBy(o => o.SyncedAt).Take(Listed).ToList(),
            uncheckedOrders.OrderBy(o => o.SyncedAt).Take(Listed).ToList(),
            oversoldItems.OrderBy(i => i.Quantity).Take(Listed).ToList(),
            recent.OrderByDescending(e => e.At).Take(Listed).ToList(),
            refused.OrderBy(r => r.At).Take(Listed).ToList(),
            refusedFeeds.OrderBy(r => r.At).Take(Listed).ToList());
    }

    private static void Count(Dictionary<DateOnly, (int Accepted, int Held, int Cancelled)> perDay, DateTime at,
        Func<(int Accepted, int Held, int Cancelled), (int, int, int)> add)
    {
        var day = DateOnly.FromDateTime(at);
        if (perDay.TryGetValue(day, out var counts))
            perDay[day] = add(counts);
    }
}
