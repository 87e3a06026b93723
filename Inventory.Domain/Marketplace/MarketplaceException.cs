namespace Inventory.Domain.Marketplace;

/// <summary>The marketplace refused or failed a call; the message is the marketplace's, with no credential in it.</summary>
public sealed class MarketplaceException(string message, int? status = null) : Exception(message)
{
    public int? Status { get; } = status;
}
