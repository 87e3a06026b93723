using Inventory.Domain.Stock;

namespace Inventory.Domain.Orders;

/// <summary>
/// The move out of NEW (rules 5–8), shared by intake with Auto Label, accept and held-order release:
/// deduct every tracked SKU through the stock ledger; when the check is on and a SKU is short, hold the
/// order with "No inventory" instead; with Auto Label on, label it into Awaiting, and when the label
/// fails take the deduction back. An instance connected to Amazon accepts instead, and its acknowledgement
/// goes into the outbox; Auto Label then labels it once Amazon has taken that (see OutboxSender).
/// </summary>
public sealed class LeavingNewStep(LabelRequests labels)
{
    public async Task<OrderOutcome> RunAsync(OrderTransaction unit, Order order, CancellationToken ct)
    {
        // Stock is deducted and labels made by SKU: a line the item map cannot name keeps the order in NEW.
        if (await ItemMatching.StillUnknownAsync(unit, order, ct) is { } unknown)
            return unknown;
        var deduction = await StockLedger.DeductForOrderAsync(unit, order, enforce: unit.Settings.InventoryCheck, ct);
        var kind = OrderOutcomeKind.Moved;
        if (deduction.IsShort)
        {
            order.MarkNoInventory(deduction.Shortages);
            kind = OrderOutcomeKind.NoInventory;
        }
        else if (!unit.Settings.AutoLabel || unit.Settings.MarketplacePartyId is not null)
        {
            // Amazon makes labels only for orders it has an acknowledgement of, and that is sent after
            // this commit: with Auto Label on, the outbox labels the order once Amazon has taken it.
            order.Accept(unit.Now);
        }
        else if (await labels.TryCreateAsync(order, ct) is { } label)
        {
            order.AttachLabel(label, unit.Now);
        }
        else
        {
            await deduction.UndoAsync(ct);
            kind = OrderOutcomeKind.Failed;
        }
        if (!await unit.SaveAsync(order, ct))
            return OrderOutcome.ChangedElsewhere(order);
        if (kind == OrderOutcomeKind.Moved)
            await Marketplace.Outbox.QueueAcknowledgementAsync(unit, order, accepted: true, ct);
        return OrderOutcome.Of(order, kind);
    }
}
