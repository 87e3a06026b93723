using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// Orders from Amazon Vendor Direct Fulfillment: pages through getOrders (status NEW, since the last
/// good sync less an overlap, <c>nextToken</c> until done) and hands each purchase order to intake as it
/// came. Intake decides; a malformed order is refused there with its reason, and the rest go in.
/// </summary>
internal sealed class AmazonOrderSource(MarketplaceConnections connections, SpApiClient api, IOptions<AmazonOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<IncomingOrder>> FetchAsync(InstanceView instance, DateTime since, CancellationToken ct)
    {
        var credentials = await CredentialsAsync(instance, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var after = (instance.LastSyncAt is null ? now.AddDays(-options.Value.FirstSyncDays) : since)
                    .AddMinutes(-options.Value.SyncOverlapMinutes);
        return (await OrdersAsync(credentials, "NEW", after, now, ct)).Select(ToIncoming).ToList();
    }

    /// <summary>
    /// The purchase orders Amazon has cancelled among those that became available since <paramref name="since"/>:
    /// Amazon may cancel an order after it was synced, or accepted, and only a pull of CANCELLED ones says so.
    /// The window is asked a week at a time, as Amazon takes it, and reaches back at most
    /// <see cref="AmazonOptions.CancellationLookbackDays"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> FetchCancelledAsync(InstanceView instance, DateTime since, CancellationToken ct)
    {
        var credentials = await CredentialsAsync(instance, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var from = Max(since.AddMinutes(-options.Value.SyncOverlapMinutes), now.AddDays(-options.Value.CancellationLookbackDays));
        var numbers = new List<string>();
        for (var start = from; start < now; start = start.AddDays(7))
            numbers.AddRange((await OrdersAsync(credentials, "CANCELLED", start, Min(start.AddDays(7), now), ct))
                .Select(po => po.PurchaseOrderNumber).OfType<string>());
        return numbers;
    }

    private async Task<MarketplaceCredentials> CredentialsAsync(InstanceView instance, CancellationToken ct) =>
        await connections.CredentialsAsync(instance.Id, ct) ?? throw new MarketplaceException($"{instance.Name} is not connected to Amazon.");

    /// <summary>Every page of getOrders for <paramref name="status"/> in the window, following <c>nextToken</c>.</summary>
    private async Task<List<PurchaseOrder>> OrdersAsync(MarketplaceCredentials credentials, string status, DateTime after, DateTime before,
        CancellationToken ct)
    {
        var orders = new List<PurchaseOrder>();
        string? nextToken = null;
        do
        {
            var page = await api.GetOrdersAsync(credentials, after, before, nextToken, Math.Clamp(options.Value.PageSize, 1, 100), ct, status);
            orders.AddRange(page.Orders ?? []);
            nextToken = page.Pagination?.NextToken is { Length: > 0 } token ? token : null;
        }
        while (nextToken is not null);
        return orders;
    }

    /// <summary>
    /// The line's net unit price and tax, when Amazon gave a net price that reads as a decimal; taxes in
    /// another currency than the price are left out rather than added up wrongly.
    /// </summary>
    internal static LinePrice? PriceOf(OrderItem item)
    {
        if (item.NetPrice is not { CurrencyCode: { Length: 3 } currency } || Amount(item.NetPrice) is not { } net)
            return null;
        var taxes = (item.TaxDetails?.TaxLineItem ?? []).Select(t => t.TaxAmount)
            .Where(m => string.Equals(m?.CurrencyCode, currency, StringComparison.OrdinalIgnoreCase)).Select(Amount).ToList();
        decimal? tax = taxes.Count > 0 && taxes.All(t => t is not null) ? taxes.Sum() : null;
        return new LinePrice(net, tax, currency);
    }

    private static decimal? Amount(Money? money) =>
        decimal.TryParse(money?.Amount, System.Globalization.NumberStyles.Number | System.Globalization.NumberStyles.AllowExponent,
            System.Globalization.CultureInfo.InvariantCulture, out var amount) ? amount : null;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>
    /// Amazon's purchase order in the product's words: the number, the ship-from party as warehouse, the
    /// vendor's product id as SKU. Missing parts are passed on empty, for intake to refuse by name.
    /// </summary>
    internal static IncomingOrder ToIncoming(PurchaseOrder po)
    {
        var details = po.OrderDetails;
        var lines = (details?.Items ?? [])
            .Select(i => new IncomingLine(i.VendorProductIdentifier ?? "", (int)Math.Clamp(i.OrderedQuantity?.Amount ?? 0, int.MinValue, int.MaxValue),
                i.ItemSequenceNumber, i.BuyerProductIdentifier, PriceOf(i)))
            .ToList();
        return new IncomingOrder(po.PurchaseOrderNumber ?? "", details?.ShipFromParty?.PartyId ?? "",
            details?.OrderDate?.UtcDateTime ?? default, lines, details?.ShipmentDetails?.ShipmentDates?.RequiredShipDate?.UtcDateTime,
            details?.ShipmentDetails?.IsPslipRequired == true);
    }
}
