using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Inventory.Domain.Instances;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Orders.Sync;

/// <summary>
/// Polls every instance that has a marketplace source, each on its own schedule: a failure backs
/// that instance off (doubling, up to a cap) and never holds up the others. With several servers on
/// one database, each poll is taken under the instance's lease, which is then kept until the poll
/// after it is due: one server polls each instance, once per interval.
/// </summary>
public sealed class MarketplaceSyncService(
    MarketplaceSync sync,
    InstanceService instances,
    Leases leases,
    TimeProvider clock,
    IOptions<SyncOptions> options,
    ILogger<MarketplaceSyncService> logger) : BackgroundService
{
    private readonly Dictionary<int, (DateTime Next, int Failures)> _schedule = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Background)
            return;
        var tick = TimeSpan.FromSeconds(Math.Clamp(options.Value.IntervalSeconds / 4, 0.05, 5));
        using var timer = new PeriodicTimer(tick, clock);
        do
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.SyncRoundFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = (await instances.ListAsync(Actor.System, ct))
            .Where(i => sync.SourceOf(i) is not null)
            .Where(i => !_schedule.TryGetValue(i.Id, out var s) || s.Next <= now)
            .ToList();
        // Concurrently, so one slow store does not delay the rest.
        await Task.WhenAll(due.Select(i => SyncOneAsync(i, ct)));
    }

    private async Task SyncOneAsync(InstanceView instance, CancellationToken ct)
    {
        var lease = $"sync:{instance.Id}";
        var started = clock.GetUtcNow().UtcDateTime;
        // Long enough for a poll that runs into its timeout; shortened to the interval once it is done.
        if (!await leases.TryTakeAsync(lease, TimeSpan.FromSeconds(options.Value.TimeoutSeconds * 2) + options.Value.Interval, ct))
        {
            lock (_schedule)
                _schedule[instance.Id] = (started + options.Value.Interval, 0);
            return;
        }
        var failures = 0;
        try
        {
            await sync.SyncNowAsync(instance.Id, Actor.System, ct);
            await leases.HoldUntilAsync(lease, started + options.Value.Interval, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            failures = (_schedule.TryGetValue(instance.Id, out var s) ? s.Failures : 0) + 1;
            logger.SyncFailing(instance.Name, failures, ex.Message);
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
        var wait = failures == 0
            ? options.Value.Interval
            : Backoff.Doubling(options.Value.IntervalSeconds, options.Value.MaxBackoffSeconds, failures);
        lock (_schedule)
            _schedule[instance.Id] = (clock.GetUtcNow().UtcDateTime + wait, failures);
    }
}
