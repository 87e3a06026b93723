using Inventory.Domain.Instances;

namespace Inventory.Domain.Orders.Sync;

/// <summary>
/// Where orders come from for a platform (Amazon's SP-API, eBay's Fulfillment API, ...). A source
/// says which instances it serves and hands back the orders since the last pull; the domain does the
/// rest (rule 7), so a source holds no rule.
/// </summary>
public interface IMarketplaceOrderSource
{
    string Name { get; }

    bool Serves(InstanceView instance);

    Task<IReadOnlyList<IncomingOrder>> FetchAsync(InstanceView instance, DateTime since, CancellationToken ct);

    /// <summary>
    /// The numbers of orders the marketplace has cancelled among those it made available since
    /// <paramref name="since"/> (the oldest open order's date); none from a source that cannot say.
    /// </summary>
    Task<IReadOnlyList<string>> FetchCancelledAsync(InstanceView instance, DateTime since, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}

public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>Off: orders come only by Sync now and the push API (tests that count a marketplace's calls, a paused server).</summary>
    public bool Background { get; set; } = true;

    /// <summary>How often each instance is polled.</summary>
    public double IntervalSeconds { get; set; } = 60;

    /// <summary>A source that takes longer is abandoned for this round and retried with backoff.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>The longest wait between retries of a failing source.</summary>
    public double MaxBackoffSeconds { get; set; } = 600;

    /// <summary>The simulated Amazon store's order rate, per instance that has it enabled.</summary>
    public double SimulatedOrdersPerMinute { get; set; } = 2;

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);
}
