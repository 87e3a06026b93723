using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Orders;

/// <summary>The read side of orders: the NEW / Accepted / Awaiting / Shipped / Cancelled lists, counts, one order, its label.</summary>
public sealed class OrderQueries(IDbContextFactory<InventoryDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>A held order due to ship within this long is flagged.</summary>
    public static readonly TimeSpan ShipBySoonWindow = TimeSpan.FromHours(24);

    public async Task<Page<OrderView>> QueryAsync(int instanceId, OrderQuery query, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var orders = db.WholeOrdersOf(instanceId).Where(o => o.Status == query.Status);
        if (!string.IsNullOrWhiteSpace(query.Search))
            orders = orders.Where(o => o.OrderNumber.Contains(query.Search.Trim()));
        var total = await orders.CountAsync(ct);
        if (Paging.Offset(query.Page, query.PageSize, total) is not { } offset)
            return new Page<OrderView>([], total);
        var page = await orders
            .OrderBy(o => o.ShipBy == null).ThenBy(o => o.ShipBy).ThenBy(o => o.OrderedAt).ThenBy(o => o.Id)
            .Skip(offset).Take(query.PageSize)
            .AsSplitQuery()
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var tracking = await OrderTracking.ReadAsync(db, instanceId, page, ct);
        var replies = await RepliesAsync(db, page, ct);
        var labels = await LabelsAsync(db, page, ct);
        return new Page<OrderView>(page.Select(o => ToView(o, now, tracking, replies, labels)).ToList(), total);
    }

    public async Task<OrderView?> GetAsync(int instanceId, string orderNumber, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var order = await db.WholeOrdersOf(instanceId)
            .SingleOrDefaultAsync(o => o.OrderNumber == orderNumber.Trim(), ct);
        return order is null
            ? null
            : ToView(order, clock.GetUtcNow().UtcDateTime, await OrderTracking.ReadAsync(db, instanceId, [order], ct), await RepliesAsync(db, [order], ct),
                await LabelsAsync(db, [order], ct));
    }

    public async Task<IReadOnlyList<long>> IdsOfAsync(int instanceId, IEnumerable<string> orderNumbers, Actor actor, CancellationToken ct = default)
    {
        var numbers = orderNumbers.Select(Keys.Display).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        return await db.OrdersOf(instanceId).Where(o => numbers.Contains(o.OrderNumber)).Select(o => o.Id).ToListAsync(ct);
    }

    public async Task<OrderCounts> CountsAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var byStatus = await db.OrdersOf(instanceId)
            .GroupBy(o => o.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Held = g.Count(o => o.Hold == Hold.NoInventory) })
            .ToListAsync(ct);
        int Count(OrderStatus s) => byStatus.FirstOrDefault(g => g.Status == s)?.Count ?? 0;
        var held = byStatus.FirstOrDefault(g => g.Status == OrderStatus.New)?.Held ?? 0;
        return new OrderCounts(Count(OrderStatus.New), held, Count(OrderStatus.Accepted), Count(OrderStatus.Awaiting),
            Count(OrderStatus.Cancelled), Count(OrderStatus.Shipped));
    }

    /// <summary>
    /// The label of a labelled order as it is printed: Amazon's own when Amazon made it, otherwise our
    /// printable 4×6 PDF. With <paramref name="package"/> (1, 2, …) that package's label alone; without, every
    /// package's in one file (ZPL one after another; PNG images one PDF page each, as one box's PNG stays).
    /// Null when the order has no label, or no such package.
    /// </summary>
    public async Task<LabelFile?> LabelAsync(int instanceId, long orderId, Actor actor, int? package = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var order = await db.WholeOrdersOf(instanceId).SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || !Printable(order))
            return null;
        if (order.LabelFormat is null)
            return (package is null or 1) && Pdf(instance, order) is { } pdf ? new LabelFile(pdf, "application/pdf", $"label-{order.OrderNumber}.pdf") : null;
        var packages = await db.OrderPackages.AsNoTracking().Where(l => l.OrderId == orderId && (package == null || l.Number == package))
            .OrderBy(l => l.Number).ToListAsync(ct);
        var name = package is null ? $"label-{order.OrderNumber}" : $"label-{order.OrderNumber}-{package}";
        return packages switch
        {
            [] => null,
            [{ Format: "PNG" } one] => new LabelFile(one.Content, "image/png", name + ".png"),
            _ when packages[0].Format == "PNG" => new LabelFile(LabelPdf.Pages(packages.Select(p => p.Content), $"Shipping labels of {order.OrderNumber}"),
                "application/pdf", name + ".pdf"),
            _ => new LabelFile(packages.SelectMany(p => p.Content).ToArray(), "application/octet-stream", name + ".zpl"),
        };
    }

    /// <summary>The printable 4×6 label of a labelled order, or null when it has none.</summary>
    public async Task<byte[]?> LabelPdfAsync(int instanceId, long orderId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var order = await db.WholeOrdersOf(instanceId).SingleOrDefaultAsync(o => o.Id == orderId, ct);
        return order is not null && Printable(order) ? Pdf(instance, order) : null;
    }

    /// <summary>The order has a label to print: it was labelled and not cancelled since (a cancelled order's parcel must not go out).</summary>
    internal static bool Printable(Order order) => order.TrackingNumber is not null && order.Status != OrderStatus.Cancelled;

    private static byte[]? Pdf(Instances.Instance instance, Order order) =>
        order is { TrackingNumber: { } tracking, LabelledAt: { } labelledAt }
            ? LabelPdf.Render(new LabelContent(tracking, order.OrderNumber, instance.Name, order.Warehouse, labelledAt,
                order.Lines.Select(l => (l.Sku, l.Quantity)).ToList()))
            : null;


    /// <summary>The latest message to the marketplace about each of the orders (a rejection follows no acceptance, so the last one tells).</summary>
    private static async Task<Dictionary<long, MarketplaceReply>> RepliesAsync(InventoryDbContext db, IReadOnlyCollection<Order> orders, CancellationToken ct)
    {
        var ids = orders.Select(o => o.Id).ToList();
        var messages = await db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.OrderId)).OrderBy(m => m.Id)
            .Select(m => new { m.OrderId, Reply = new MarketplaceReply(m.Accepted, m.CreatedAt, m.SentAt, m.TransactionId, m.LastError, m.Attempts,
                m.Outcome, m.AnsweredAt, m.Refusal, m.Kind) })
            .ToListAsync(ct);
        var replies = new Dictionary<long, MarketplaceReply>();
        foreach (var m in messages)
            replies[m.OrderId] = m.Reply;
        return replies;
    }

    /// <summary>The orders' packages (without their documents) and which of them have their packing slip.</summary>
    private static async Task<Labels> LabelsAsync(InventoryDbContext db, IReadOnlyCollection<Order> orders, CancellationToken ct)
    {
        var ids = orders.Where(o => o.TrackingNumber is not null).Select(o => o.Id).ToList();
        var packages = (await db.OrderPackages.AsNoTracking().Where(p => ids.Contains(p.OrderId)).OrderBy(p => p.Number)
                .Select(p => new { p.OrderId, Package = new PackageView(p.Number, p.TrackingNumber, p.ShipMethod, p.Format) })
                .ToListAsync(ct))
            .GroupBy(p => p.OrderId).ToDictionary(g => g.Key, g => (IReadOnlyList<PackageView>)g.Select(p => p.Package).ToList());
        var slips = (await db.OrderPackingSlips.AsNoTracking().Where(s => ids.Contains(s.OrderId)).Select(s => s.OrderId).ToListAsync(ct)).ToHashSet();
        return new Labels(packages, slips);
    }

    private sealed record Labels(Dictionary<long, IReadOnlyList<PackageView>> Packages, HashSet<long> Slips)
    {
        /// <summary>The marketplace's packages; our own label is one package, a PDF.</summary>
        public IReadOnlyList<PackageView> Of(Order order) => order.TrackingNumber is not { } tracking ? []
            : order.LabelFormat is null ? [new PackageView(1, tracking, null, "PDF")]
            : Packages.GetValueOrDefault(order.Id) ?? [];
    }

    private static OrderView ToView(Order order, DateTime now, OrderTracking tracking, Dictionary<long, MarketplaceReply> replies, Labels labels) => new(
        order.Id, order.OrderNumber, order.Warehouse, order.Status, order.Hold, order.HoldDetail, order.Shortages.ToList(),
        order.Lines.Select(l => new OrderLineView(l.Sku, l.Quantity, tracking.IsTracked(order, l), l.BuyerProductIdentifier)).ToList(),
        order.TrackingNumber, order.OrderedAt, order.SyncedAt, order.AcceptedAt, order.LabelledAt,
        order.ShipBy, order.CancelledAt, order.CancelReason,
        ShipBySoon: order.IsHeld && order.ShipBy is { } shipBy && shipBy - now <= ShipBySoonWindow,
        Warnings: tracking.WarningsOf(order),
        Acknowledgement: replies.GetValueOrDefault(order.Id),
        LabelFormat: order.LabelFormat,
        MarketplaceStatus: replies.GetValueOrDefault(order.Id)?.Status,
        MarketplaceError: replies.GetValueOrDefault(order.Id)?.StatusError,
        ShippedAt: order.ShippedAt,
        Packages: labels.Of(order),
        PackingSlipRequired: order.PackingSlipRequired,
        PackingSlipFetched: labels.Slips.Contains(order.Id));
}
