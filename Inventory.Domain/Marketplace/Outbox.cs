using Inventory.Domain.Marketplace.Amazon;
using Inventory.Domain.Orders;

namespace Inventory.Domain.Marketplace;

/// <summary>
/// Queues what the marketplace must be told about an order inside the order's own transaction, so the
/// message exists exactly when the change does (<see cref="OutboxSender"/> sends it after the commit).
/// </summary>
internal static class Outbox
{
    /// <summary>Queues the order's acknowledgement when its instance is connected; does nothing otherwise.</summary>
    public static async Task QueueAcknowledgementAsync(OrderTransaction unit, Order order, bool accepted, CancellationToken ct)
    {
        if (unit.Settings.MarketplacePartyId is not { } party)
            return;
        var body = AmazonAcknowledgement.Body(order, party, accepted, unit.Now);
        await unit.Statements.QueueOutboxAsync(new OutboxMessage(unit.InstanceId, order.Id, OutboxKind.Acknowledgement, accepted, body, unit.Now), ct);
    }

    /// <summary>Queues the order's shipment confirmation when its instance is connected; false (nothing queued) otherwise.</summary>
    public static async Task<bool> QueueShipmentConfirmationAsync(OrderTransaction unit, Order order, DateTime shippedAt, CancellationToken ct)
    {
        if (unit.Settings.MarketplacePartyId is not { } party)
            return false;
        var packages = await AmazonShipmentConfirmation.PackagesAsync(unit.Db, [order.Id], ct);
        var body = AmazonShipmentConfirmation.Body(order, packages.GetValueOrDefault(order.Id) ?? [], party, shippedAt);
        await unit.Statements.QueueOutboxAsync(new OutboxMessage(unit.InstanceId, order.Id, OutboxKind.ShipmentConfirmation, true, body, unit.Now), ct);
        return true;
    }
}
