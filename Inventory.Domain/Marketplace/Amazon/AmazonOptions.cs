namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>How the Amazon connection paces itself: <c>Amazon:*</c> in the configuration.</summary>
public sealed class AmazonOptions
{
    public const string Section = "Amazon";

    /// <summary>Each sync reaches back this far before the last good one, so an order Amazon lists late is not missed.</summary>
    public double SyncOverlapMinutes { get; set; } = 10;

    /// <summary>The first sync of a connection reaches back this many days.</summary>
    public double FirstSyncDays { get; set; } = 7;

    /// <summary>How far back each sync asks Amazon which open orders it has cancelled (from the oldest open order's date).</summary>
    public double CancellationLookbackDays { get; set; } = 30;

    /// <summary>Orders per getOrders page (Amazon allows 1 to 100).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>The resilience handler's first retry delay (it grows exponentially, with jitter, unless Amazon sends Retry-After).</summary>
    public double RetryDelaySeconds { get; set; } = 2;

    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// Origins besides Amazon's own (e.g. <c>http://127.0.0.1:5555</c> for a local stand-in) that a connection may
    /// call. Only the operator sets them, here; empty by default. See <see cref="AmazonEndpoints"/>.
    /// </summary>
    public List<string> AllowedEndpoints { get; set; } = [];
}
