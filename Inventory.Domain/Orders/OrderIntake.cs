using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Orders;

/// <summary>
/// Orders arriving from the marketplace (rule 7): into NEW, or — with Auto Label on — checked,
/// deducted and labelled into Awaiting. Idempotent by order number: a repeat never deducts again.
/// </summary>
public sealed class OrderIntake(OrderBatch batch, LeavingNewStep leavingNew)
{
    public Task<BulkOutcome> SyncAsync(int instanceId, IEnumerable<IncomingOrder> orders, Actor actor, CancellationToken ct = default) =>
        batch.RunAsync(instanceId, orders, o => Keys.Display(o.OrderNumber), actor, (unit, incoming) => SyncOneAsync(unit, incoming, ct), ct);

    private async Task<OrderOutcome> SyncOneAsync(OrderTransaction unit, IncomingOrder incoming, CancellationToken ct)
    {
        var number = Keys.Display(incoming.OrderNumber);
        var known = await KnownAsync(unit, number, ct);
        Order order;
        try
        {
            order = await NewOrderAsync(unit, incoming, ct);
        }
        catch (ValidationException ex)
        {
            return known is null
                ? new OrderOutcome(number, OrderOutcomeKind.Rejected, null, Hold.None, ex.Message, [], Field: ex.Field)
                : Repeat(known, ex.Field);
        }
        if (known is not null)
            return Repeat(known, DifferingField(known, order));
        var itemsKnown = await ItemMatching.MatchAsync(unit, order, ct);
        if (!await unit.AddAsync(order, ct))
        {
            // Another writer stored this number first (AddAsync made sure it exists).
            var first = (await KnownAsync(unit, number, ct))!;
            return Repeat(first, DifferingField(first, order));
        }
        // Held with "Unknown item" until the seller maps the ASIN (or rejects the order): nothing to check or label yet.
        return unit.Settings.AutoLabel && itemsKnown
            ? await leavingNew.RunAsync(unit, order, ct)
            : OrderOutcome.Of(order, OrderOutcomeKind.Created);
    }

    /// <summary>
    /// A repeat of a known order number never changes the stored order and never deducts again (rule 8):
    /// it is a Duplicate when it says the same, a Conflict naming the field when it does not.
    /// </summary>
    private static OrderOutcome Repeat(Order known, string? differingField) => differingField is null
        ? OrderOutcome.Of(known, OrderOutcomeKind.Duplicate)
        : OrderOutcome.Of(known, OrderOutcomeKind.Conflict,
            $"Order {known.OrderNumber} is already known with other {differingField.ToLowerInvariant()}; it was left as it is.") with { Field = differingField };

    /// <param name="repeat">As the marketplace sends it now, before the item map: a line naming only an ASIN is compared by it.</param>
    private static string? DifferingField(Order known, Order repeat)
    {
        if (known.WarehouseKey != repeat.WarehouseKey)
            return "Warehouse";
        if (known.Lines.Count != repeat.Lines.Count)
            return "Lines";
        var unmatched = known.Lines.ToList();
        foreach (var line in repeat.Lines)
        {
            var same = unmatched.FindIndex(k => k.Quantity == line.Quantity
                && (line.IsUnknown ? k.ProductKey == line.ProductKey : k.SkuKey == line.SkuKey));
            if (same < 0)
                return "Lines";
            unmatched.RemoveAt(same);
        }
        return null;
    }

    private static Task<Order?> KnownAsync(OrderTransaction unit, string number, CancellationToken ct) =>
        unit.Db.WholeOrdersOf(unit.InstanceId).SingleOrDefaultAsync(o => o.OrderNumber == number, ct);

    private static async Task<Order> NewOrderAsync(OrderTransaction unit, IncomingOrder incoming, CancellationToken ct)
    {
        var warehouse = string.IsNullOrWhiteSpace(incoming.Warehouse)
            ? await unit.Db.Instances.Where(i => i.Id == unit.InstanceId).Select(i => i.DefaultWarehouse).SingleAsync(ct)
            : incoming.Warehouse;
        var lines = (incoming.Lines ?? []).Select(l => new OrderLine(l.Sku, l.Quantity, l.ItemSequenceNumber, l.BuyerProductIdentifier, l.Price)).ToList();
        var orderedAt = incoming.OrderedAt == default ? unit.Now : incoming.OrderedAt.ToUniversalTime();
        return new Order(unit.InstanceId, incoming.OrderNumber, warehouse, orderedAt, unit.Now, lines, incoming.ShipBy?.ToUniversalTime(),
            incoming.PackingSlipRequired);
    }
}
