namespace Inventory.Domain.Stock.Feed;

/// <summary>One item's quantity available to sell, as a marketplace is told it.</summary>
public sealed record FeedItem(string Sku, int AvailableQuantity);

/// <summary>One call's worth of items of one instance's warehouse (a marketplace's ship-from party).</summary>
public sealed record FeedBatch(int InstanceId, string Warehouse, IReadOnlyList<FeedItem> Items);

/// <summary>How the feed paces itself: <c>Feed:*</c> in the configuration.</summary>
public sealed class FeedOptions
{
    public const string Section = "Feed";

    /// <summary>Quiet time after a stock change before its items are pushed (changes in a burst go together).</summary>
    public double DebounceSeconds { get; set; } = 2;

    /// <summary>The longest a change waits, however busy the stock: the 10 seconds.</summary>
    public double MaxDelaySeconds { get; set; } = 10;

    /// <summary>Items per call to the marketplace.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The first retry after a failed push; it doubles with each failure in a row.</summary>
    public double RetrySeconds { get; set; } = 5;

    /// <summary>The longest wait between retries.</summary>
    public double MaxBackoffSeconds { get; set; } = 600;
}

/// <summary>The feed of one instance as its page shows it.</summary>
/// <param name="LastTransaction">How the marketplace took the last batch sent: sent (still processing), confirmed or refused; null when it names no transactions (the simulated store).</param>
/// <param name="LastRefusal">The marketplace's error when it refused the last batch.</param>
public sealed record FeedStatus(bool Enabled, DateTime? LastPushAt, int LastItemCount, string? LastError, int PendingItems,
    Orders.MarketplaceStatus? LastTransaction = null, string? LastRefusal = null);
