using Inventory.Domain.Stock.Feed;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// The inventory feed for a connected instance: one submitInventoryUpdate per ship-from warehouse and
/// batch, never a full update, quantities in units. An instance without a connection keeps the simulated store.
/// </summary>
public sealed class AmazonInventoryFeed(MarketplaceConnections connections, SpApiClient api, SimulatedAmazonInventoryFeed simulated)
    : IMarketplaceInventoryFeed
{
    /// <returns>Amazon's transaction id, followed by the outbox until Amazon has processed the batch.</returns>
    public async Task<string?> SubmitAsync(FeedBatch batch, CancellationToken ct)
    {
        if (await connections.CredentialsAsync(batch.InstanceId, ct) is not { } credentials)
            return await simulated.SubmitAsync(batch, ct);
        var request = new SubmitInventoryUpdateRequest(new InventoryUpdate(
            new PartyIdentification(credentials.SellingPartyId),
            IsFullUpdate: false,
            batch.Items.Select(i => new ItemDetails(i.Sku, new ItemQuantity(i.AvailableQuantity, "Each"))).ToList()));
        return await api.SubmitInventoryUpdateAsync(credentials, batch.Warehouse, request, ct);
    }
}
