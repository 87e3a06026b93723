using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;

namespace Inventory.Domain.Marketplace;

/// <summary>
/// Queues what the marketplace must be told about an order inside the order's own transaction, so the
/// message exists exactly when the change does (<see cref="OutboxSender"/> sends it after the commit).
/// </summary>
internal static class Outbox
{
    /// <summary>The marketplace of a connected instance when it can do <paramref name="needed"/>; null otherwise.</summary>
    private static IMarketplace? Connected(OrderTransaction unit, MarketplaceCapabilities needed, out string party)
    {
        party = unit.Settings.MarketplacePartyId ?? "";
        return unit.Settings.MarketplacePartyId is not null && unit.Marketplace is { } marketplace && marketplace.Capabilities.HasFlag(needed)
            ? marketplace : null;
    }

    /// <summary>Queues the order's acknowledgement when its instance is connected; does nothing otherwise.</summary>
    public static async Task QueueAcknowledgementAsync(OrderTransaction unit, Order order, bool accepted, CancellationToken ct)
    {
        if (Connected(unit, accepted ? MarketplaceCapabilities.Acknowledge : MarketplaceCapabilities.Reject, out var party) is not { } marketplace)
            return;
        var body = marketplace.AcknowledgementBody(order, party, accepted, unit.Now);
        await unit.Statements.QueueOutboxAsync(new OutboxMessage(unit.InstanceId, order.Id, OutboxKind.Acknowledgement, accepted, body, unit.Now), ct);
    }

    /// <summary>Queues the order's shipment confirmation when its instance is connected; false (nothing queued) otherwise.</summary>
    public static async Task<bool> QueueShipmentConfirmationAsync(OrderTransaction unit, Order order, DateTime shippedAt, CancellationToken ct)
    {
        if (Connected(unit, MarketplaceCapabilities.ShipmentConfirmation, out var party) is not { } marketplace)
            return false;
        var body = await marketplace.ShipmentConfirmationBodyAsync(unit.Db, order, party, shippedAt, ct);
        await unit.Statements.QueueOutboxAsync(new OutboxMessage(unit.InstanceId, order.Id, OutboxKind.ShipmentConfirmation, true, body, unit.Now), ct);
        return true;
    }

    /// <summary>
    /// Send invoices: the shipped order of a connected instance that has it on is invoiced, in the
    /// transaction that makes it Shipped. The number is taken from the instance's series by one update,
    /// so two servers never issue the same one. An order that cannot be invoiced (a line without the
    /// marketplace's net price) still gets its number and invoice, and its message is held with the reason, as a
    /// refused one is: the seller sees it and resends once the cause is fixed. False: nothing invoiced.
    /// </summary>
    public static async Task<bool> QueueInvoiceAsync(OrderTransaction unit, Order order, CancellationToken ct)
    {
        if (Connected(unit, MarketplaceCapabilities.Invoices, out var party) is not { } marketplace)
            return false;
        if (await unit.Statements.TakeInvoiceNumberAsync(unit.InstanceId, ct) is not { } taken)
            return false;
        var totals = marketplace.InvoiceTotals(order, out var problem);
        var invoice = new Invoice(unit.InstanceId, order.Id, Instances.Instance.InvoiceNumber(taken.Prefix, taken.Number), unit.Now,
            totals?.Currency ?? order.Lines.Select(l => l.Currency).FirstOrDefault(c => c is not null) ?? "",
            totals?.Net ?? 0, totals?.Tax ?? 0);
        var message = new OutboxMessage(unit.InstanceId, order.Id, OutboxKind.Invoice, true,
            marketplace.InvoiceBody(order, invoice, party, unit.Now) ?? "", unit.Now);
        if (problem is not null)
            message.Hold(problem, unit.Now);
        unit.Db.Invoices.Add(invoice);
        unit.Db.OutboxMessages.Add(message);
        await unit.Db.SaveChangesAsync(ct);
        return true;
    }
}
