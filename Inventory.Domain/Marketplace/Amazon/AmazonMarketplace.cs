using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Inventory.Domain.Persistence;
using Inventory.Domain.Stock.Feed;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// Amazon Vendor Direct Fulfillment behind the marketplace port: it serves an instance connected to it, and
/// everything it does goes through the Selling Partner API (orders, acknowledgements, labels and packing
/// slips, shipment confirmations, invoices, the inventory feed), each message a transaction Amazon
/// processes later.
/// </summary>
internal sealed class AmazonMarketplace(
    MarketplaceConnections connections,
    SpApiClient api,
    AmazonOrderSource orders,
    AmazonLabelService labels,
    AmazonPackingSlips slips,
    AmazonInventoryFeed feed) : IMarketplace
{
    public string Name => "Amazon";

    public MarketplaceCapabilities Capabilities =>
        MarketplaceCapabilities.Orders | MarketplaceCapabilities.Cancellations | MarketplaceCapabilities.Acknowledge
        | MarketplaceCapabilities.Reject | MarketplaceCapabilities.Labels | MarketplaceCapabilities.PackingSlips
        | MarketplaceCapabilities.ShipmentConfirmation | MarketplaceCapabilities.Invoices | MarketplaceCapabilities.InventoryFeed
        | MarketplaceCapabilities.FollowsTransactions;

    public bool Serves(InstanceView instance) => instance.MarketplaceConnected;

    public Task<IReadOnlyList<IncomingOrder>> FetchOrdersAsync(InstanceView instance, DateTime since, CancellationToken ct) =>
        orders.FetchAsync(instance, since, ct);

    public Task<IReadOnlyList<string>> FetchCancelledAsync(InstanceView instance, DateTime since, CancellationToken ct) =>
        orders.FetchCancelledAsync(instance, since, ct);

    public string AcknowledgementBody(Order order, string party, bool accepted, DateTime at) =>
        AmazonAcknowledgement.Body(order, party, accepted, at);

    public async Task<string> ShipmentConfirmationBodyAsync(InventoryDbContext db, Order order, string party, DateTime shippedAt, CancellationToken ct)
    {
        var packages = await AmazonShipmentConfirmation.PackagesAsync(db, [order.Id], ct);
        return AmazonShipmentConfirmation.Body(order, packages.GetValueOrDefault(order.Id) ?? [], party, shippedAt);
    }

    public InvoiceTotals? InvoiceTotals(Order order, out string? problem) =>
        AmazonInvoice.Totals(order, out problem) is { } totals ? new InvoiceTotals(totals.Net, totals.Tax, totals.Currency) : null;

    public string? InvoiceBody(Order order, Invoice invoice, string party, DateTime invoiceDate) =>
        AmazonInvoice.Body(order, invoice, party, invoiceDate);

    public async Task<string> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var connection = await CredentialsAsync(message.InstanceId, ct);
        return message.Kind switch
        {
            OutboxKind.ShipmentConfirmation => await api.SubmitShipmentConfirmationsAsync(connection, message.Body, ct),
            OutboxKind.Invoice => await api.SubmitInvoiceAsync(connection, message.Body, ct),
            _ => await api.SubmitAcknowledgementAsync(connection, message.Body, ct),
        };
    }

    public async Task<MarketplaceTransaction> TransactionAsync(int instanceId, string transactionId, CancellationToken ct)
    {
        var transaction = await api.GetTransactionStatusAsync(await CredentialsAsync(instanceId, ct), transactionId, ct);
        return transaction.Status switch
        {
            "Success" => new MarketplaceTransaction(TransactionOutcome.Success),
            "Failure" => new MarketplaceTransaction(TransactionOutcome.Failure,
                SpApiClient.Describe(transaction.Errors) ?? "Amazon reported the transaction as failed without an error."),
            _ => new MarketplaceTransaction(TransactionOutcome.Pending), // Processing
        };
    }

    public Task<ShippingLabel> CreateLabelAsync(Order order, CancellationToken ct) => labels.CreateLabelAsync(order, ct);

    public Task<PackingSlipFile?> PackingSlipAsync(Order order, CancellationToken ct) => slips.FetchAsync(order, ct);

    public Task<string?> SubmitInventoryAsync(FeedBatch batch, CancellationToken ct) => feed.SubmitAsync(batch, ct);

    private async Task<MarketplaceCredentials> CredentialsAsync(int instanceId, CancellationToken ct) =>
        await connections.CredentialsAsync(instanceId, ct)
        ?? throw new MarketplaceException("The instance is no longer connected to Amazon; connect it again to send this.");
}
