using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Inventory.Domain.Persistence;
using Inventory.Domain.Stock.Feed;

namespace Inventory.Domain.Marketplace;

/// <summary>What a marketplace connection can do; the domain asks only for what it has.</summary>
[Flags]
public enum MarketplaceCapabilities
{
    None = 0,
    Orders = 1 << 0,
    Cancellations = 1 << 1,
    Acknowledge = 1 << 2,
    Reject = 1 << 3,
    Labels = 1 << 4,
    PackingSlips = 1 << 5,
    ShipmentConfirmation = 1 << 6,
    Invoices = 1 << 7,
    InventoryFeed = 1 << 8,
    /// <summary>What it is sent is taken first and processed later: each message's transaction is followed to its end.</summary>
    FollowsTransactions = 1 << 9,
}

/// <summary>How a marketplace says it processed a message or a feed batch; <paramref name="Error"/> when it refused it.</summary>
public sealed record MarketplaceTransaction(TransactionOutcome Outcome, string? Error = null);

/// <summary>
/// The marketplace port: everything the domain asks of a marketplace (orders in, acknowledge, reject, label,
/// ship, invoice, inventory out). A marketplace is one folder implementing it and one registration; the
/// domain keeps every rule, so an implementation only translates. What it cannot do (see
/// <see cref="Capabilities"/>) it is never asked.
/// </summary>
public interface IMarketplace
{
    /// <summary>How the seller knows it, in sync errors ("… failed: …").</summary>
    string Name { get; }

    MarketplaceCapabilities Capabilities { get; }

    /// <summary>Whether it serves the instance (the first one registered that does wins).</summary>
    bool Serves(InstanceView instance);

    Task<IReadOnlyList<IncomingOrder>> FetchOrdersAsync(InstanceView instance, DateTime since, CancellationToken ct);

    /// <summary>
    /// The numbers of orders the marketplace has cancelled among those it made available since
    /// <paramref name="since"/> (the oldest open order's date); none from one that cannot say.
    /// </summary>
    Task<IReadOnlyList<string>> FetchCancelledAsync(InstanceView instance, DateTime since, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>
    /// The body of an acknowledgement (accepted) or rejection, made inside the order's transaction (or for a resend);
    /// <paramref name="party"/> is the connection's selling party.
    /// </summary>
    string AcknowledgementBody(Order order, string party, bool accepted, DateTime at) => throw Unsupported();

    /// <summary>The body of the order's shipment confirmation, its packages read in <paramref name="db"/>.</summary>
    Task<string> ShipmentConfirmationBodyAsync(InventoryDbContext db, Order order, string party, DateTime shippedAt, CancellationToken ct) =>
        throw Unsupported();

    /// <summary>The invoice's totals as the marketplace counts them; null with <paramref name="problem"/> when it cannot be invoiced.</summary>
    InvoiceTotals? InvoiceTotals(Order order, out string? problem) => throw Unsupported();

    /// <summary>The invoice's body; null when the order cannot be invoiced (<see cref="InvoiceTotals"/> says why).</summary>
    string? InvoiceBody(Order order, Invoice invoice, string party, DateTime invoiceDate) => throw Unsupported();

    /// <summary>Sends a queued message; the transaction id to follow. A failure throws (the outbox retries).</summary>
    Task<string> SendAsync(OutboxMessage message, CancellationToken ct) => throw Unsupported();

    /// <summary>How a transaction it named went (messages and feed batches alike).</summary>
    Task<MarketplaceTransaction> TransactionAsync(int instanceId, string transactionId, CancellationToken ct) => throw Unsupported();

    /// <summary>The marketplace's label of every package of the order. A failure throws, and the caller rolls the order's move back.</summary>
    Task<ShippingLabel> CreateLabelAsync(Order order, CancellationToken ct) => throw Unsupported();

    /// <summary>The order's packing slip; null when there is none to fetch. A failure throws.</summary>
    Task<PackingSlipFile?> PackingSlipAsync(Order order, CancellationToken ct) => Task.FromResult<PackingSlipFile?>(null);

    /// <summary>Sends one feed batch; the transaction id to follow, or null when it names none. A failure throws.</summary>
    Task<string?> SubmitInventoryAsync(FeedBatch batch, CancellationToken ct) => throw Unsupported();

    private static NotSupportedException Unsupported() => new("This marketplace does not offer that.");
}

/// <summary>An invoice's totals: net, tax and their currency.</summary>
public sealed record InvoiceTotals(decimal Net, decimal Tax, string Currency);
