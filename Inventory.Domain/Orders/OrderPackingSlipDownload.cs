using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Orders;

/// <summary>
/// The marketplace's packing slip of an order that must carry one, offered beside its label. It is fetched
/// with the label; when that fetch failed, it is fetched now and kept, so the label never waits on it.
/// </summary>
public sealed class OrderPackingSlipDownload(IDbContextFactory<InventoryDbContext> dbFactory, Marketplaces marketplaces, TimeProvider clock)
{
    /// <summary>The slip; null when the order needs none, has no label yet or was cancelled (its parcel must not go out).</summary>
    public async Task<LabelFile?> PackingSlipAsync(int instanceId, long orderId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var order = await db.OrdersOf(instanceId).AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || !order.PackingSlipRequired || !OrderQueries.Printable(order))
            return null;
        var slip = await db.OrderPackingSlips.AsNoTracking().SingleOrDefaultAsync(s => s.OrderId == orderId, ct);
        if (slip is null)
        {
            PackingSlipFile? fetched;
            try
            {
                fetched = await marketplaces.ForAsync(instanceId, MarketplaceCapabilities.PackingSlips, ct) is { } marketplace
                    ? await marketplace.PackingSlipAsync(order, ct)
                    : null;
            }
            catch (MarketplaceException ex)
            {
                throw new DomainException($"The packing slip of {order.OrderNumber} could not be fetched; try again. {ex.Message}");
            }
            if (fetched is null)
                return null;
            slip = new OrderPackingSlip(orderId, fetched.ContentType, fetched.Content, clock.GetUtcNow().UtcDateTime);
            db.OrderPackingSlips.Add(slip);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another download kept it first; the marketplace's slip of one order is the same either way.
            }
        }
        return new LabelFile(slip.Content, slip.ContentType, $"packing-slip-{order.OrderNumber}.pdf");
    }
}
