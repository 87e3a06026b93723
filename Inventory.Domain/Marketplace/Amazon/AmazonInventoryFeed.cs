using Inventory.Domain.Stock.Feed;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// The inventory feed of a connected instance: one submitInventoryUpdate per ship-from warehouse and
/// batch, never a full update, quantities in units.
/// </summary>
internal sealed class AmazonInventoryFeed(MarketplaceConnections connections, SpApiClient api)
{
    /// <returns>Amazon's transaction id, followed by the outbox until Amazon has processed the batch.</returns>
    public async Task<string?> SubmitAsync(FeedBatch batch, CancellationToken ct)
    {
        var credentials = await connections.CredentialsAsync(batch.InstanceId, ct)
            ?? throw new MarketplaceException("The instance is no longer connected to Amazon.");
        var request = new SubmitInventoryUpdateRequest(new InventoryUpdate(
            new PartyIdentification(credentials.SellingPartyId),
            IsFullUpdate: false,
            batch.Items.Select(i => new ItemDetails(i.Sku, new ItemQuantity(i.AvailableQuantity, "Each"))).ToList()));
        return await api.SubmitInventoryUpdateAsync(credentials, batch.Warehouse, request, ct);
    }
}
