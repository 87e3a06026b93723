namespace Inventory.Domain.Orders.Sync;

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
