using System.Security.Cryptography;

namespace Inventory.Domain.Orders;

/// <summary>Creates shipping labels. A failure throws, and the caller rolls the order's move back.</summary>
public interface ILabelService
{
    /// <returns>The label's tracking number.</returns>
    Task<string> CreateLabelAsync(Order order, CancellationToken ct);
}

/// <summary>Issues a unique tracking number; printable labels come with a real carrier provider.</summary>
public sealed class TrackingNumberLabelService : ILabelService
{
    public Task<string> CreateLabelAsync(Order order, CancellationToken ct)
    {
        // 16 random digits after a prefix: collisions are negligible and the number looks like a carrier's.
        return Task.FromResult("1ZINV" + RandomNumberGenerator.GetString("0123456789", 16));
    }
}
