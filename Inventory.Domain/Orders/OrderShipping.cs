using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Orders;

/// <summary>
/// Ship: Awaiting orders whose parcel has left. On an instance connected to Amazon the shipment confirmation
/// is queued in the order's transaction and the order stays Awaiting until Amazon's transaction ends in
/// Success (<see cref="ConfirmAsync"/>, called by the outbox); without a connection it moves to Shipped at once.
/// Stock is left as it is: the accept deducted it (rule 8); allocation, which Ship will release, comes later.
/// </summary>
public sealed class OrderShipping(OrderBatch batch, IDbContextFactory<InventoryDbContext> dbFactory, TimeProvider clock)
{
    /// <param name="shippedAt">When the parcel left (Amazon refuses a time in the future); now when null.</param>
    /// <param name="weight">
    /// What each box weighed: Amazon's shipment confirmation names every container's weight, so a connected
    /// instance needs it, from here or the instance's default; a marketplace-less instance ignores it.
    /// </param>
    public async Task<BulkOutcome> ShipAsync(int instanceId, IEnumerable<long> orderIds, DateTime? shippedAt, Actor actor,
        BoxWeight? weight = null, CancellationToken ct = default)
    {
        if (shippedAt is { } at && at.ToUniversalTime() > clock.GetUtcNow().UtcDateTime.AddMinutes(1))
            throw new ValidationException("shippedAt", "The shipped time cannot be in the future.");
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var instance = await db.EnsureInstanceAsync(instanceId, actor, Permission.HandleOrders, ct);
            weight ??= instance.DefaultBoxWeight;
            if (weight is null && await db.MarketplaceConnections.AnyAsync(c => c.InstanceId == instanceId, ct))
                throw new ValidationException("weight",
                    "Give the weight per box (for example \"2.5 LB\"): the marketplace's shipment confirmation names every box's weight. A default can be set on the instance's settings.");
        }
        return await batch.RunOnOrdersAsync(instanceId, orderIds, actor,
            (unit, order) => ShipOneAsync(unit, order, shippedAt?.ToUniversalTime() ?? unit.Now, weight, ct), ct);
    }

    /// <summary>
    /// Amazon confirmed these orders' shipment: they move from Awaiting to Shipped, and with Send invoices on
    /// each is invoiced in the same transaction (an invoice exists exactly when the order is Shipped).
    /// </summary>
    internal Task<BulkOutcome> ConfirmAsync(int instanceId, IEnumerable<long> orderIds, CancellationToken ct) =>
        batch.RunOnOrdersAsync(instanceId, orderIds, Actor.System, async (unit, order) =>
        {
            if (order.Status != OrderStatus.Awaiting)
                return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} is {order.Status}, not Awaiting.");
            order.Ship(unit.Now);
            if (!await unit.SaveAsync(order, ct))
                return OrderOutcome.ChangedElsewhere(order);
            await Marketplace.Outbox.QueueInvoiceAsync(unit, order, ct);
            return OrderOutcome.Of(order, OrderOutcomeKind.Moved);
        }, ct);

    private static async Task<OrderOutcome> ShipOneAsync(OrderTransaction unit, Order order, DateTime shippedAt, BoxWeight? weight, CancellationToken ct)
    {
        if (order.Status != OrderStatus.Awaiting)
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} is {order.Status}, not Awaiting; only labelled orders ship.");
        if (order.ShippedAt is not null)
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} has already been reported shipped to Amazon; it waits for Amazon to confirm the shipment (a refused one is sent again with Resend).");
        var connected = unit.Settings.MarketplacePartyId is not null;
        if (connected && weight is null) // connected since the weight was asked for
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} needs the weight per box: its instance is now connected to a marketplace.");
        if (connected)
            order.MarkShipmentSent(shippedAt, weight!);
        else
            order.Ship(shippedAt);
        if (!await unit.SaveAsync(order, ct))
            return OrderOutcome.ChangedElsewhere(order);
        if (connected)
            await Marketplace.Outbox.QueueShipmentConfirmationAsync(unit, order, shippedAt, ct);
        return OrderOutcome.Of(order, OrderOutcomeKind.Moved);
    }
}
