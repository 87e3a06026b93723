using Inventory.Domain.Orders;

namespace Inventory.Domain.Marketplace;

/// <summary>
/// Labels of a marketplace that makes them, kept as it made them, every package of them; for an instance
/// whose marketplace makes none (or that has none), <paramref name="own"/>'s PDF label.
/// </summary>
public sealed class MarketplaceLabels(Marketplaces marketplaces, TrackingNumberLabelService own) : ILabelService
{
    public async Task<ShippingLabel> CreateLabelAsync(Order order, CancellationToken ct) =>
        await marketplaces.ForAsync(order.InstanceId, MarketplaceCapabilities.Labels, ct) is { } marketplace
            ? await marketplace.CreateLabelAsync(order, ct)
            : await own.CreateLabelAsync(order, ct);
}
