using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

/// <summary>One marketplace order. Status moves only through the behaviour methods below.</summary>
public class Order
{
    public const string NoInventory = "No inventory";

    private readonly List<OrderLine> _lines = [];
    private readonly List<Shortage> _shortages = [];

    private Order() { }

    /// <summary>An order as stored, for the hot paths that read it without the ORM (see StockCommands).</summary>
    internal static Order Rehydrate(long id, int instanceId, string orderNumber, string warehouse, string warehouseKey,
        OrderStatus status, string? error, IEnumerable<Shortage> shortages, IEnumerable<OrderLine> lines, string? label,
        DateTime orderedAt, DateTime syncedAt, DateTime? acceptedAt, DateTime? labelledAt, DateTime? shipBy)
    {
        var order = new Order
        {
            Id = id, InstanceId = instanceId, OrderNumber = orderNumber, Warehouse = warehouse, WarehouseKey = warehouseKey,
            Status = status, Error = error, Label = label, OrderedAt = orderedAt, SyncedAt = syncedAt,
            AcceptedAt = acceptedAt, LabelledAt = labelledAt, ShipBy = shipBy,
        };
        order._shortages.AddRange(shortages);
        order._lines.AddRange(lines);
        return order;
    }

    public Order(int instanceId, string orderNumber, string warehouse, DateTime orderedAt, DateTime syncedAt,
        IEnumerable<OrderLine> lines, DateTime? shipBy = null)
    {
        ShipBy = shipBy;
        InstanceId = instanceId;
        OrderNumber = Guard.Required(orderNumber, "Order number", 64);
        Warehouse = Guard.Required(warehouse, "Warehouse", Instances.Instance.WarehouseMaxLength);
        WarehouseKey = Keys.Normalize(warehouse);
        OrderedAt = orderedAt;
        SyncedAt = syncedAt;
        _lines.AddRange(lines);
        if (_lines.Count == 0)
            throw new ValidationException("Lines", $"Order {OrderNumber} has no lines.");
        Status = OrderStatus.New;
    }

    public long Id { get; private set; }
    public int InstanceId { get; private set; }
    public string OrderNumber { get; private set; } = string.Empty;
    public string Warehouse { get; private set; } = string.Empty;
    public string WarehouseKey { get; private set; } = string.Empty;
    public OrderStatus Status { get; private set; }

    /// <summary>Shown beside the order number, e.g. "No inventory"; null when the order is fine.</summary>
    public string? Error { get; private set; }

    public IReadOnlyList<Shortage> Shortages => _shortages;
    public IReadOnlyList<OrderLine> Lines => _lines;

    /// <summary>Tracking number once labelled.</summary>
    public string? Label { get; private set; }

    public DateTime OrderedAt { get; private set; }

    /// <summary>The marketplace's ship-by date, when it sends one.</summary>
    public DateTime? ShipBy { get; private set; }
    public DateTime SyncedAt { get; private set; }
    public DateTime? AcceptedAt { get; private set; }
    public DateTime? LabelledAt { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public string? CancelReason { get; private set; }

    /// <summary>Stock was deducted when the order left NEW (rule 8): a cancel must put it back.</summary>
    public bool Deducted => AcceptedAt is not null;

    public bool IsHeld => Status == OrderStatus.New && Error == NoInventory;

    /// <summary>Total quantity per SKU key: two lines of one SKU count together (rule 5).</summary>
    public IReadOnlyDictionary<string, (string Sku, int Quantity)> QuantitiesBySku() =>
        _lines.GroupBy(l => l.SkuKey)
              .ToDictionary(g => g.Key, g => (g.First().Sku, g.Sum(l => l.Quantity)));

    public void MarkNoInventory(IEnumerable<Shortage> shortages)
    {
        EnsureStatus(OrderStatus.New);
        Error = NoInventory;
        _shortages.Clear();
        _shortages.AddRange(shortages);
    }

    public void Accept(DateTime at)
    {
        EnsureStatus(OrderStatus.New);
        ClearError();
        Status = OrderStatus.Accepted;
        AcceptedAt = at;
    }

    /// <summary>Labels an Accepted order, or a New one on the Auto Label path (rule 7).</summary>
    public void AttachLabel(string trackingNumber, DateTime at)
    {
        if (Status is not (OrderStatus.New or OrderStatus.Accepted))
            throw new DomainException($"Order {OrderNumber} is {Status}; only NEW or Accepted orders can be labelled.");
        if (Status == OrderStatus.New)
            AcceptedAt = at;
        ClearError();
        Label = trackingNumber;
        LabelledAt = at;
        Status = OrderStatus.Awaiting;
    }

    /// <summary>The label provider failed: the order stays where it was, with the reason beside its number.</summary>
    public void MarkLabelFailed(string message)
    {
        Error = message.Length > 100 ? message[..100] : message;
        _shortages.Clear();
    }

    /// <summary>A held order that is now sufficient (Auto Label off): it can be accepted again.</summary>
    public void Release()
    {
        EnsureStatus(OrderStatus.New);
        ClearError();
    }

    public void Cancel(string reason, DateTime at)
    {
        if (Status is not (OrderStatus.New or OrderStatus.Accepted or OrderStatus.Awaiting))
            throw new DomainException($"Order {OrderNumber} is {Status}; only NEW, Accepted or Awaiting orders can be cancelled.");
        CancelReason = Guard.Required(reason, "Reason", 200);
        CancelledAt = at;
        ClearError();
        Status = OrderStatus.Cancelled;
    }

    private void ClearError()
    {
        Error = null;
        _shortages.Clear();
    }

    private void EnsureStatus(OrderStatus expected)
    {
        if (Status != expected)
            throw new DomainException($"Order {OrderNumber} is {Status}, not {expected}.");
    }
}
