using System.Collections.Concurrent;

namespace Inventory.Domain.Stock.Feed;

/// <summary>
/// The built-in stand-in for Amazon's Direct Fulfillment Inventory API: it takes each batch in the
/// shape of <c>submitInventoryUpdate</c> (one request per ship-from warehouse, never a full update,
/// quantities in units) and keeps what it received, so a page or a test can read it back.
/// </summary>
public sealed class SimulatedAmazonInventoryFeed : IMarketplaceInventoryFeed
{
    private readonly ConcurrentDictionary<int, ConcurrentQueue<SubmitInventoryUpdateRequest>> _received = new();
    private int _failuresToSimulate;

    /// <summary>The next <paramref name="calls"/> submissions fail as an unreachable marketplace would (tests, demos).</summary>
    public void FailNext(int calls) => Interlocked.Exchange(ref _failuresToSimulate, calls);

    public IReadOnlyList<SubmitInventoryUpdateRequest> Received(int instanceId) =>
        _received.TryGetValue(instanceId, out var queue) ? queue.ToList() : [];

    /// <summary>The simulated store processes what it takes at once: there is no transaction to follow.</summary>
    public Task<string?> SubmitAsync(FeedBatch batch, CancellationToken ct)
    {
        if (Interlocked.Decrement(ref _failuresToSimulate) >= 0)
            throw new HttpRequestException("The simulated marketplace is unavailable (503).");
        Interlocked.CompareExchange(ref _failuresToSimulate, 0, -1);
        var request = new SubmitInventoryUpdateRequest(new InventoryUpdate(
            new PartyIdentification(batch.Warehouse),
            IsFullUpdate: false,
            batch.Items.Select(i => new ItemDetails(i.Sku, new ItemQuantity(i.AvailableQuantity, "Each"))).ToList()));
        _received.GetOrAdd(batch.InstanceId, _ => new()).Enqueue(request);
        return Task.FromResult<string?>(null);
    }
}

// The request body of submitInventoryUpdate (vendorDirectFulfillmentInventoryV1.json), in its own names.
public sealed record SubmitInventoryUpdateRequest(InventoryUpdate Inventory);

public sealed record InventoryUpdate(PartyIdentification SellingParty, bool IsFullUpdate, IReadOnlyList<ItemDetails> Items);

public sealed record PartyIdentification(string PartyId);

public sealed record ItemDetails(string VendorProductIdentifier, ItemQuantity AvailableQuantity);

public sealed record ItemQuantity(int Amount, string UnitOfMeasure);
