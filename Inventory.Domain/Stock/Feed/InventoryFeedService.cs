using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Stock.Feed;

/// <summary>
/// Pushes each feed-enabled instance's changed items after its stock changes, on <see cref="FeedSchedule"/>'s
/// timing. With several servers each hears every change (through Redis); the instance's lease lets
/// one of them push.
/// </summary>
public sealed class InventoryFeedService(
    InventoryFeed feed,
    InstanceService instances,
    IChangeNotifier notifier,
    Leases leases,
    TimeProvider clock,
    IOptions<FeedOptions> options,
    ILogger<InventoryFeedService> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(2);

    private readonly FeedSchedule _schedule = new(options.Value);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notifier.Subscribe(change =>
        {
            if (change is StockChanged)
                _schedule.Changed(change.InstanceId, clock.GetUtcNow().UtcDateTime);
            return Task.CompletedTask;
        });
        // Changes made while no server was running are past the cursor already: push them once.
        foreach (var instance in await instances.ListAsync(Actor.System, stoppingToken))
            if (instance.InventoryFeed)
                _schedule.Changed(instance.Id, DateTime.MinValue);

        using var timer = new PeriodicTimer(Tick, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            foreach (var instanceId in _schedule.Due(clock.GetUtcNow().UtcDateTime))
                await PushAsync(instanceId, stoppingToken);
    }

    private async Task PushAsync(int instanceId, CancellationToken ct)
    {
        var lease = $"feed:{instanceId}";
        var started = clock.GetUtcNow().UtcDateTime;
        if (!await leases.TryTakeAsync(lease, LeaseTime, ct))
        {
            _schedule.Pushed(instanceId, started); // another server has it
            return;
        }
        try
        {
            var pushed = await feed.PushAsync(instanceId, ct);
            _schedule.Pushed(instanceId, started);
            if (pushed > 0)
                notifier.Publish(new InstanceChanged(instanceId)); // the instance page shows the feed's last push
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var retryAt = _schedule.Failed(instanceId, clock.GetUtcNow().UtcDateTime);
            logger.FeedFailing(instanceId, retryAt, ex.Message);
            notifier.Publish(new InstanceChanged(instanceId));
        }
        finally
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
    }
}
