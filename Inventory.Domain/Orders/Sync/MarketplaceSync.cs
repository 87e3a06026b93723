using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Orders.Sync;

/// <summary>Pulls an instance's new orders from its marketplace source and syncs them (rule 7).</summary>
public sealed class MarketplaceSync(
    Marketplace.Marketplaces marketplaces,
    InstanceService instances,
    OrderIntake orders,
    OrderCancellation cancellation,
    IDbContextFactory<InventoryDbContext> dbFactory,
    IChangeNotifier notifier,
    TimeProvider clock,
    IOptions<SyncOptions> options,
    ILogger<MarketplaceSync> logger)
{
    public Marketplace.IMarketplace? SourceOf(InstanceView instance) => marketplaces.For(instance, Marketplace.MarketplaceCapabilities.Orders);

    /// <summary>
    /// One pull for one instance. A failing or slow source is recorded on the instance as its last
    /// sync error and rethrown, so the caller can back off; orders already synced stay synced.
    /// </summary>
    public async Task<BulkOutcome> SyncNowAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        var instance = await instances.GetAsync(instanceId, actor, ct);
        actor.Require(Accounts.Permission.HandleOrders);
        var source = SourceOf(instance)
            ?? throw new DomainException($"{instance.Name} has no marketplace connection to pull from: connect it to Amazon, or enable the simulated Amazon store, in its settings.");
        var now = clock.GetUtcNow().UtcDateTime;
        var since = instance.LastSyncAt ?? now - options.Value.Interval;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
            var fetched = await source.FetchOrdersAsync(instance, since, timeout.Token);
            var result = await orders.SyncAsync(instanceId, fetched, actor, ct);
            var cancelled = await CancelWhatTheMarketplaceCancelledAsync(source, instance, actor, timeout.Token, ct);
            await RecordAsync(instanceId, now, null, ct);
            return new BulkOutcome([.. result.Orders, .. cancelled.Orders]);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var message = ex is OperationCanceledException
                ? $"{source.Name} did not answer within {options.Value.TimeoutSeconds:0} s."
                : $"{source.Name} failed: {ex.Message}";
            logger.SyncFailed(ex, instanceId);
            await RecordAsync(instanceId, instance.LastSyncAt, message, ct);
            throw new SyncFailedException(message, ex);
        }
    }

    /// <summary>
    /// The open orders (NEW, Accepted, Awaiting and not reported shipped) the marketplace has cancelled since the oldest of them
    /// became available, cancelled here too: their stock goes back (rule 11), their label is withdrawn,
    /// and no action applies to them any more. The reason says who cancelled.
    /// </summary>
    private async Task<BulkOutcome> CancelWhatTheMarketplaceCancelledAsync(Marketplace.IMarketplace source, InstanceView instance, Actor actor,
        CancellationToken fetchCt, CancellationToken ct)
    {
        List<(long Id, string OrderNumber, DateTime OrderedAt)> open;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            open = (await db.Orders.AsNoTracking()
                    // A parcel reported shipped is past cancelling (rule 11 applies only before shipping).
                    .Where(o => o.InstanceId == instance.Id && o.ShippedAt == null
                                && (o.Status == OrderStatus.New || o.Status == OrderStatus.Accepted || o.Status == OrderStatus.Awaiting))
                    .Select(o => new { o.Id, o.OrderNumber, o.OrderedAt }).ToListAsync(ct))
                .Select(o => (o.Id, o.OrderNumber, o.OrderedAt)).ToList();
        if (open.Count == 0)
            return new BulkOutcome([]);
        // An order is made available to the vendor after it is placed: its order date is a safe start. A day
        // more covers an order date a marketplace gave late or in another zone.
        var cancelled = (await source.FetchCancelledAsync(instance, open.Min(o => o.OrderedAt).AddDays(-1), fetchCt))
            .ToHashSet(StringComparer.Ordinal);
        var ids = open.Where(o => cancelled.Contains(o.OrderNumber)).Select(o => o.Id).ToList();
        return ids.Count == 0
            ? new BulkOutcome([])
            : await cancellation.CancelAsync(instance.Id, ids, $"Cancelled by {source.Name}", actor, ct);
    }

    private async Task RecordAsync(int instanceId, DateTime? at, string? error, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.Instances.SingleAsync(i => i.Id == instanceId, ct);
        instance.RecordSync(at ?? clock.GetUtcNow().UtcDateTime, error);
        await db.SaveChangesAsync(ct);
        notifier.Publish(new InstanceChanged(instanceId));
    }
}

public sealed class SyncFailedException(string message, Exception inner) : DomainException(message)
{
    public Exception Cause { get; } = inner;
}
