using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Marketplace;

/// <summary>
/// Resend: an acknowledgement, a shipment confirmation or an invoice the marketplace refused (its transaction ended in Failure) goes out
/// again once the seller has fixed the cause, its body made anew by the marketplace from the order and the connection as they are now. Only
/// a refused message is resent; the outbox then sends it and follows its new transaction as any other.
/// </summary>
public sealed class MessageResend(IDbContextFactory<InventoryDbContext> dbFactory, Marketplaces marketplaces, IChangeNotifier notifier, TimeProvider clock)
{
    public async Task<BulkOutcome> ResendAsync(int instanceId, IEnumerable<long> orderIds, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.HandleOrders, ct);
        var ids = orderIds.Distinct().ToList();
        var party = await db.MarketplaceConnections.Where(c => c.InstanceId == instanceId).Select(c => c.SellingPartyId).SingleOrDefaultAsync(ct);
        var orders = await db.WholeOrdersOf(instanceId).Where(o => ids.Contains(o.Id)).AsSplitQuery().ToListAsync(ct);
        var latest = (await db.OutboxMessages.Where(m => ids.Contains(m.OrderId)).ToListAsync(ct))
            .GroupBy(m => m.OrderId).ToDictionary(g => g.Key, g => g.MaxBy(m => m.Id)!);
        var marketplace = party is null ? null : await marketplaces.ForAsync(instanceId, MarketplaceCapabilities.None, ct);
        var invoices = await db.Invoices.AsNoTracking().Where(i => ids.Contains(i.OrderId)).ToDictionaryAsync(i => i.OrderId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var outcomes = new List<OrderOutcome>();
        foreach (var order in orders.OrderBy(o => ids.IndexOf(o.Id)))
        {
            if (party is null || marketplace is null)
                outcomes.Add(OrderOutcome.Skipped(order, "The instance is not connected to Amazon; connect it to resend."));
            else if (!latest.TryGetValue(order.Id, out var message) || message.Outcome != Marketplace.TransactionOutcome.Failure)
                outcomes.Add(OrderOutcome.Skipped(order, $"Amazon has not refused what it was told about {order.OrderNumber}: there is nothing to resend."));
            else if (message.Kind == OutboxKind.ShipmentConfirmation && order.BoxWeight is null)
                outcomes.Add(OrderOutcome.Skipped(order, $"The shipment of {order.OrderNumber} was reported before weights were asked for; ship it again from Vendor Central."));
            else if (await BodyOfAsync(marketplace, db, message, order, invoices.GetValueOrDefault(order.Id), party, now, ct) is not { } body)
                outcomes.Add(OrderOutcome.Skipped(order, Problem(marketplace, order) ?? $"The invoice of {order.OrderNumber} cannot be made again."));
            else if (!message.Resend(body, now))
                outcomes.Add(OrderOutcome.Skipped(order, $"Amazon has not refused what it was told about {order.OrderNumber}: there is nothing to resend."));
            else
            {
                db.Audit(actor, instanceId, $"Resent the {What(message)} of {order.OrderNumber} to Amazon", now);
                outcomes.Add(OrderOutcome.Of(order, OrderOutcomeKind.Moved));
            }
        }
        await db.SaveChangesAsync(ct);
        if (outcomes.Any(o => o.Kind == OrderOutcomeKind.Moved))
            notifier.Publish(new OrdersChanged(instanceId)); // wakes the outbox
        return new BulkOutcome(outcomes);
    }

    /// <summary>The message's body made anew; null for an invoice that still cannot be made (a line without a price).</summary>
    private static async Task<string?> BodyOfAsync(IMarketplace marketplace, InventoryDbContext db, OutboxMessage message, Order order,
        Invoice? invoice, string party, DateTime now, CancellationToken ct) => message.Kind switch
    {
        OutboxKind.ShipmentConfirmation => await marketplace.ShipmentConfirmationBodyAsync(db, order, party, order.ShippedAt ?? now, ct),
        // The invoice keeps its number and totals; only its date is the resend's.
        OutboxKind.Invoice => invoice is null ? null : marketplace.InvoiceBody(order, invoice, party, now),
        _ => marketplace.AcknowledgementBody(order, party, message.Accepted, now),
    };

    private static string? Problem(IMarketplace marketplace, Order order)
    {
        marketplace.InvoiceTotals(order, out var problem);
        return problem;
    }

    private static string What(OutboxMessage message) => message.Kind switch
    {
        OutboxKind.ShipmentConfirmation => "shipment confirmation",
        OutboxKind.Invoice => "invoice",
        _ => message.Accepted ? "acceptance" : "rejection",
    };
}
