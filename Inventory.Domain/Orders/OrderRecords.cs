using Inventory.Domain.Stock;

namespace Inventory.Domain.Orders;

/// <summary>An order as the marketplace sends it. Warehouse may be empty: the instance's default applies.</summary>
/// <param name="PackingSlipRequired">The marketplace asks for its packing slip in the parcel (Amazon's <c>isPslipRequired</c>).</param>
public sealed record IncomingOrder(string OrderNumber, string? Warehouse, DateTime OrderedAt, IReadOnlyList<IncomingLine> Lines,
    DateTime? ShipBy = null, bool PackingSlipRequired = false);

/// <param name="ItemSequenceNumber">The marketplace's number of the line, when it has one (Amazon's <c>itemSequenceNumber</c>).</param>
/// <param name="BuyerProductIdentifier">The marketplace's product id (Amazon's ASIN), when it sends one.</param>
/// <param name="Price">The marketplace's net unit price and the line's tax, when it sends them (Amazon's <c>netPrice</c>, <c>taxDetails</c>).</param>
public sealed record IncomingLine(string Sku, int Quantity, string? ItemSequenceNumber = null, string? BuyerProductIdentifier = null,
    LinePrice? Price = null);

/// <summary>What happened to one order in a bulk command.</summary>
/// <param name="Message">Why it was skipped or rejected, or the label provider's reason for a label failure.</param>
public sealed record OrderOutcome(
    string OrderNumber,
    OrderOutcomeKind Kind,
    OrderStatus? Status,
    Hold Hold,
    string? Message,
    IReadOnlyList<Shortage> Shortages,
    long? OrderId = null,
    string? Field = null)
{
    /// <summary>A cancel's lines whose units were not put back, and why (rule 11).</summary>
    public IReadOnlyList<NotRestocked> NotRestocked { get; init; } = [];

    internal static OrderOutcome Of(Order order, OrderOutcomeKind kind, string? message = null) =>
        new(order.OrderNumber, kind, order.Status, order.Hold, message ?? order.HoldDetail, order.Shortages.ToList(), order.Id);

    internal static OrderOutcome Skipped(Order order, string why) => Of(order, OrderOutcomeKind.Skipped, why);

    /// <summary>Another writer changed the order first; what this call decided was rolled back, so its state is not reported.</summary>
    internal static OrderOutcome ChangedElsewhere(Order order) =>
        new(order.OrderNumber, OrderOutcomeKind.Skipped, null, Hold.None, $"Order {order.OrderNumber} was changed by someone else.", [], order.Id);
}

public enum OrderOutcomeKind
{
    /// <summary>Moved out of NEW (accepted, or labelled into Awaiting).</summary>
    Moved,
    /// <summary>Stopped by Inventory Check: stays in NEW with "No inventory".</summary>
    NoInventory,
    /// <summary>Synced into NEW without a check (Auto Label off).</summary>
    Created,
    /// <summary>A repeat of a known order number that says the same: reported as it stands, never deducted again.</summary>
    Duplicate,
    /// <summary>A repeat of a known order number that says something else (<see cref="OrderOutcome.Field"/>): the stored order is left as it is.</summary>
    Conflict,
    /// <summary>Not in a state the operation applies to (already accepted, cancelled, ...).</summary>
    Skipped,
    /// <summary>Invalid input; <see cref="OrderOutcome.Field"/> names the field.</summary>
    Rejected,
    /// <summary>
    /// Not done: the label provider failed (the order stays where it was with the reason shown, and a
    /// deduction made for it on the way out of NEW is taken back), or the order's processing failed.
    /// </summary>
    Failed,
    /// <summary>Cancelled; what was deducted went back to items still tracked and not counted again since.</summary>
    Cancelled,
    /// <summary>A held order re-checked and now sufficient, or no longer checked (Auto Label off): hold cleared, still NEW.</summary>
    Released,
}

/// <summary>The result of a bulk operation: how many moved, how many stopped, and each order's outcome.</summary>
public sealed record BulkOutcome(IReadOnlyList<OrderOutcome> Orders)
{
    public int Moved => Orders.Count(o => o.Kind == OrderOutcomeKind.Moved);
    public int Stopped => Orders.Count(o => o.Kind == OrderOutcomeKind.NoInventory);
}

/// <param name="Tracked">
/// Whether Inventory Check looks at the line: for an order in NEW, whether the SKU is tracked in the
/// order's warehouse now; for one that left NEW, whether its accept deducted the SKU. False: not checked.
/// </param>
/// <param name="Asin">The marketplace's product id of the line, when it sent one; the SKU is empty while no SKU is known for it.</param>
public sealed record OrderLineView(string Sku, int Quantity, bool Tracked = true, string? Asin = null);

/// <summary>Something about an order a seller should look at before trusting its check.</summary>
public enum OrderWarning
{
    /// <summary>The instance tracks no item at all in the order's warehouse: none of its lines is checked.</summary>
    UnknownWarehouse,
}

public sealed record OrderView(
    long Id,
    string OrderNumber,
    string Warehouse,
    OrderStatus Status,
    Hold Hold,
    string? HoldDetail,
    IReadOnlyList<Shortage> Shortages,
    IReadOnlyList<OrderLineView> Lines,
    string? TrackingNumber,
    DateTime OrderedAt,
    DateTime SyncedAt,
    DateTime? AcceptedAt,
    DateTime? LabelledAt,
    DateTime? ShipBy = null,
    DateTime? CancelledAt = null,
    string? CancelReason = null,
    bool ShipBySoon = false,
    IReadOnlyList<OrderWarning>? Warnings = null,
    MarketplaceReply? Acknowledgement = null,
    string? LabelFormat = null,
    MarketplaceStatus? MarketplaceStatus = null,
    string? MarketplaceError = null,
    DateTime? ShippedAt = null,
    IReadOnlyList<PackageView>? Packages = null,
    bool PackingSlipRequired = false,
    bool PackingSlipFetched = false);

/// <summary>One package of an order's label: its number (1, 2, … as the marketplace listed it), tracking number, ship method and format (PNG, ZPL, or PDF for our own).</summary>
public sealed record PackageView(int Number, string TrackingNumber, string? ShipMethod, string Format);

/// <summary>A label to download: its bytes, media type and file name.</summary>
public sealed record LabelFile(byte[] Content, string ContentType, string FileName);

/// <summary>What the marketplace was told about an order (Amazon's acknowledgement) and how that went.</summary>
/// <param name="Accepted">True for an acceptance, false for a rejection (out of stock).</param>
/// <param name="TransactionId">The marketplace's id of the message, once it took it.</param>
/// <param name="Error">Why the last attempt failed; it is retried until the marketplace takes it.</param>
/// <param name="Outcome">How Amazon's processing of it went (its Transactions API).</param>
/// <param name="Refusal">Amazon's errors when it refused it.</param>
public sealed record MarketplaceReply(bool Accepted, DateTime QueuedAt, DateTime? SentAt, string? TransactionId, string? Error, int Attempts,
    Marketplace.TransactionOutcome Outcome = Marketplace.TransactionOutcome.Pending, DateTime? AnsweredAt = null, string? Refusal = null,
    Marketplace.OutboxKind Kind = Marketplace.OutboxKind.Acknowledgement)
{
    public bool Sent => SentAt is not null;

    /// <summary>Kept back before it reached the marketplace (an invoice that cannot be made): its reason is ours, not the marketplace's.</summary>
    public bool Held => Outcome == Marketplace.TransactionOutcome.Failure && SentAt is null;

    /// <summary>Sent (queued, or taken and still processing), confirmed (Success) or refused (Failure) by the marketplace.</summary>
    public MarketplaceStatus Status => Outcome switch
    {
        Marketplace.TransactionOutcome.Success => MarketplaceStatus.Confirmed,
        Marketplace.TransactionOutcome.Failure => MarketplaceStatus.Refused,
        _ => MarketplaceStatus.Sent,
    };

    /// <summary>Amazon's error when it refused the message; otherwise why the last send or check failed, if it did.</summary>
    public string? StatusError => Outcome == Marketplace.TransactionOutcome.Failure ? Refusal : Error;
}

/// <summary>Where the marketplace is with what it was told about an order (none: the instance is not connected).</summary>
public enum MarketplaceStatus { Sent, Confirmed, Refused }

public sealed record OrderCounts(int New, int NoInventory, int Accepted, int Awaiting, int Cancelled = 0, int Shipped = 0);

public sealed record OrderQuery(OrderStatus Status, int Page = 0, int PageSize = 50, string? Search = null);
