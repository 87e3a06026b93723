using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

/// <summary>Why an order cannot move on. The UI and the API put it into words ("No inventory").</summary>
public enum Hold
{
    None,
    /// <summary>Inventory Check found tracked SKUs short (rule 6); <see cref="Order.Shortages"/> says which.</summary>
    NoInventory,
    /// <summary>The label provider failed; <see cref="Order.HoldDetail"/> says why.</summary>
    LabelFailed,
    /// <summary>A line names a product the instance cannot match to a SKU (an ASIN not in the item map); <see cref="Order.HoldDetail"/> names it.</summary>
    UnknownItem,
}

/// <summary>One marketplace order. Status and hold change only through the behaviour methods below.</summary>
public class Order
{
    public const int HoldDetailMaxLength = 200;

    private readonly List<OrderLine> _lines = [];
    private readonly List<Shortage> _shortages = [];

    private Order() { }

    public Order(int instanceId, string orderNumber, string warehouse, DateTime orderedAt, DateTime syncedAt,
        IEnumerable<OrderLine> lines, DateTime? shipBy = null, bool packingSlipRequired = false)
    {
        ShipBy = shipBy;
        PackingSlipRequired = packingSlipRequired;
        InstanceId = instanceId;
        OrderNumber = Fields.Required(orderNumber, "Order number", Fields.OrderNumberMaxLength);
        Warehouse = Fields.Required(warehouse, "Warehouse", Fields.WarehouseMaxLength);
        WarehouseKey = Keys.Normalize(warehouse);
        OrderedAt = orderedAt;
        SyncedAt = syncedAt;
        _lines.AddRange(lines);
        if (_lines.Count == 0)
            throw new ValidationException("Lines", $"Order {OrderNumber} has no lines.");
        if (_lines.Count > Fields.MaxOrderLines)
            throw new ValidationException("Lines", $"Order {OrderNumber} has {_lines.Count:N0} lines; at most {Fields.MaxOrderLines:N0} are accepted.");
        Status = OrderStatus.New;
    }

    public long Id { get; private set; }
    public int InstanceId { get; private set; }
    public string OrderNumber { get; private set; } = string.Empty;
    public string Warehouse { get; private set; } = string.Empty;
    public string WarehouseKey { get; private set; } = string.Empty;
    public OrderStatus Status { get; private set; }

    public Hold Hold { get; private set; }

    /// <summary>
    /// The label provider's reason when <see cref="Hold"/> is <see cref="Orders.Hold.LabelFailed"/>; the unknown product ids
    /// (ASINs), comma-separated, when it is <see cref="Orders.Hold.UnknownItem"/>.
    /// </summary>
    public string? HoldDetail { get; private set; }

    public IReadOnlyList<Shortage> Shortages => _shortages;
    public IReadOnlyList<OrderLine> Lines => _lines;

    /// <summary>The carrier's tracking number, once labelled.</summary>
    public string? TrackingNumber { get; private set; }

    /// <summary>The marketplace's label format (PNG, ZPL) when it made the label; null for our own PDF.</summary>
    public string? LabelFormat { get; private set; }

    /// <summary>The marketplace's label (its packages, and a packing slip fetched with it), attached in this unit of work and saved with the order; never loaded.</summary>
    public ShippingLabel? NewLabel { get; private set; }

    public DateTime OrderedAt { get; private set; }

    /// <summary>The marketplace's ship-by date, when it sends one.</summary>
    public DateTime? ShipBy { get; private set; }
    public DateTime SyncedAt { get; private set; }
    public DateTime? AcceptedAt { get; private set; }
    public DateTime? LabelledAt { get; private set; }
    public DateTime? CancelledAt { get; private set; }

    /// <summary>When the parcel left: set by Ship; on a connected instance the order stays Awaiting until Amazon confirms it.</summary>
    public DateTime? ShippedAt { get; private set; }

    /// <summary>The carrier's ship method named by the marketplace's label (e.g. UPS_GR_RES); null for our own label.</summary>
    public string? ShipMethod { get; private set; }
    public string? CancelReason { get; private set; }

    /// <summary>What each box weighed, as the seller gave it on Ship; the shipment confirmation names it per container.</summary>
    public decimal? WeightPerBox { get; private set; }
    public WeightUnit? WeightUnit { get; private set; }

    public BoxWeight? BoxWeight => Orders.BoxWeight.Of(WeightPerBox, WeightUnit);

    /// <summary>The marketplace asks for its packing slip in the parcel (Amazon's <c>isPslipRequired</c>).</summary>
    public bool PackingSlipRequired { get; private set; }

    /// <summary>Stock was deducted when the order left NEW (rule 8): a cancel must put it back.</summary>
    public bool Deducted => AcceptedAt is not null;

    public bool IsHeld => Status == OrderStatus.New && Hold == Hold.NoInventory;

    /// <summary>Held in NEW by a line no SKU is known for: it waits for the item map, or for Reject.</summary>
    public bool HasUnknownItem => Status == OrderStatus.New && Hold == Hold.UnknownItem;

    /// <summary>The product ids (ASINs) of the lines that have no SKU yet, each once.</summary>
    public IReadOnlyList<string> UnknownItems() =>
        _lines.Where(l => l.IsUnknown).Select(l => l.BuyerProductIdentifier!).DistinctBy(Keys.Normalize).ToList();

    /// <summary>
    /// Gives the lines that name only a product id the SKU the item map has for it (keyed by normalized product id).
    /// What is still unknown holds the order with <see cref="Orders.Hold.UnknownItem"/> naming every such id; when
    /// nothing is, a hold for unknown items lifts. True when every line has a SKU.
    /// </summary>
    public bool MatchItems(IReadOnlyDictionary<string, string> skuByProductKey)
    {
        EnsureStatus(OrderStatus.New);
        foreach (var line in _lines.Where(l => l.IsUnknown))
            if (skuByProductKey.TryGetValue(line.ProductKey!, out var sku))
                line.ResolveTo(sku);
        var unknown = UnknownItems();
        if (unknown.Count > 0)
        {
            Hold = Hold.UnknownItem;
            HoldDetail = Fields.Truncate(string.Join(", ", unknown), HoldDetailMaxLength);
            _shortages.Clear();
            return false;
        }
        if (Hold == Hold.UnknownItem)
            ClearHold();
        return true;
    }

    /// <summary>
    /// Total quantity per SKU key: two lines of one SKU count together (rule 5). Summed as long; the
    /// bounds on lines and line quantities keep any total within an int.
    /// </summary>
    public IReadOnlyDictionary<string, (string Sku, int Quantity)> QuantitiesBySku() =>
        _lines.GroupBy(l => l.SkuKey)
              .ToDictionary(g => g.Key, g => (g.First().Sku, (int)g.Sum(l => (long)l.Quantity)));

    public void MarkNoInventory(IEnumerable<Shortage> shortages)
    {
        EnsureStatus(OrderStatus.New);
        Hold = Hold.NoInventory;
        HoldDetail = null;
        _shortages.Clear();
        _shortages.AddRange(shortages);
    }

    public void Accept(DateTime at)
    {
        EnsureStatus(OrderStatus.New);
        EnsureItemsKnown();
        ClearHold();
        Status = OrderStatus.Accepted;
        AcceptedAt = at;
    }

    /// <summary>Labels an Accepted order, or a New one on the Auto Label path (rule 7).</summary>
    public void AttachLabel(ShippingLabel label, DateTime at)
    {
        AttachLabel(label.TrackingNumber, at);
        LabelFormat = label.Format;
        ShipMethod = label.ShipMethod;
        NewLabel = label.Packages is { Count: > 0 } || label.PackingSlip is not null ? label : null;
    }

    public void AttachLabel(string trackingNumber, DateTime at)
    {
        if (Status is not (OrderStatus.New or OrderStatus.Accepted))
            throw new DomainException($"Order {OrderNumber} is {Status}; only NEW or Accepted orders can be labelled.");
        EnsureItemsKnown();
        if (Status == OrderStatus.New)
            AcceptedAt = at;
        ClearHold();
        TrackingNumber = trackingNumber;
        LabelledAt = at;
        Status = OrderStatus.Awaiting;
    }

    /// <summary>The label provider failed: the order stays where it was, with the reason beside its number.</summary>
    public void MarkLabelFailed(string reason)
    {
        Hold = Hold.LabelFailed;
        HoldDetail = reason.Length > HoldDetailMaxLength ? reason[..HoldDetailMaxLength] : reason;
        _shortages.Clear();
    }

    /// <summary>A held order that is now sufficient, or no longer checked (Auto Label off): it can be accepted again.</summary>
    public void Release()
    {
        EnsureStatus(OrderStatus.New);
        ClearHold();
    }

    /// <summary>
    /// The parcel left at <paramref name="at"/>, each box weighing <paramref name="weight"/>, and the marketplace is being told (its shipment confirmation is
    /// queued): the order stays Awaiting until the marketplace confirms it, then <see cref="Ship"/> moves it.
    /// </summary>
    public void MarkShipmentSent(DateTime at, BoxWeight weight)
    {
        EnsureStatus(OrderStatus.Awaiting);
        if (ShippedAt is not null)
            throw new DomainException($"Order {OrderNumber} has already been reported shipped.");
        ShippedAt = at;
        WeightPerBox = weight.Value;
        WeightUnit = weight.Unit;
    }

    /// <summary>
    /// Shipped: an Awaiting order moves to Shipped, at <paramref name="at"/> unless a shipment already sent says when.
    /// Stock stays as it is: the accept deducted it (rule 8); allocation, which Ship will release, comes later.
    /// </summary>
    public void Ship(DateTime at)
    {
        EnsureStatus(OrderStatus.Awaiting);
        ShippedAt ??= at;
        ClearHold();
        Status = OrderStatus.Shipped;
    }

    public void Cancel(string reason, DateTime at)
    {
        // Rule 11 applies only before shipping: a parcel that left (or is being reported so) is not cancelled.
        if (Status is not (OrderStatus.New or OrderStatus.Accepted or OrderStatus.Awaiting))
            throw new DomainException($"Order {OrderNumber} is {Status}; only NEW, Accepted or Awaiting orders can be cancelled.");
        if (ShippedAt is not null)
            throw new DomainException($"Order {OrderNumber} has been reported shipped; it cannot be cancelled.");
        CancelReason = Fields.Required(reason, "Reason", Fields.ReasonMaxLength);
        CancelledAt = at;
        ClearHold();
        Status = OrderStatus.Cancelled;
    }

    private void ClearHold()
    {
        Hold = Hold.None;
        HoldDetail = null;
        _shortages.Clear();
    }

    /// <summary>Stock is deducted and labels made by SKU: a line without one cannot leave NEW.</summary>
    private void EnsureItemsKnown()
    {
        if (UnknownItems().Count > 0)
            throw new DomainException(UnknownItemsMessage());
    }

    /// <summary>Why an order with unknown items does not move, and what the seller can do.</summary>
    public string UnknownItemsMessage() =>
        $"Order {OrderNumber} has an unknown item ({string.Join(", ", UnknownItems())}): map the ASIN to a SKU in the item map, or Reject the order.";

    private void EnsureStatus(OrderStatus expected)
    {
        if (Status != expected)
            throw new DomainException($"Order {OrderNumber} is {Status}, not {expected}.");
    }
}
