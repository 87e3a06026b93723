using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Marketplace.Simulated;

namespace Inventory.Domain.Marketplace;

/// <summary>
/// Which marketplace serves an instance: the registered ones in their order — a connected marketplace
/// first, then the simulated store when the instance simulates orders — else none (our own PDF label,
/// no messages, shipped here).
/// </summary>
public sealed class Marketplaces(IEnumerable<IMarketplace> marketplaces, InstanceService instances, SimulatedMarketplace simulated)
{
    public IMarketplace? For(InstanceView instance) => marketplaces.FirstOrDefault(m => m.Serves(instance));

    /// <summary>The serving marketplace when it can do all of <paramref name="needed"/>; null otherwise.</summary>
    public IMarketplace? For(InstanceView instance, MarketplaceCapabilities needed) =>
        For(instance) is { } marketplace && marketplace.Capabilities.HasFlag(needed) ? marketplace : null;

    // Unscoped (no actor): only for domain code that has already checked the caller, or works for the system.

    internal async Task<IMarketplace?> ForAsync(int instanceId, MarketplaceCapabilities needed, CancellationToken ct) =>
        await instances.FindAsync(instanceId, Actor.System, ct) is { } instance ? For(instance, needed) : null;

    /// <summary>
    /// Where the instance's inventory feed goes: its marketplace's feed, or the simulated store, which takes
    /// the feed of every instance no marketplace with a feed serves (so the feed can be seen working).
    /// </summary>
    internal async Task<IMarketplace> FeedOfAsync(int instanceId, CancellationToken ct) =>
        await ForAsync(instanceId, MarketplaceCapabilities.InventoryFeed, ct) ?? simulated;
}
