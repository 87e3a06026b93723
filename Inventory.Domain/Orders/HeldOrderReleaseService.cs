using System.Threading.Channels;
using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inventory.Domain.Orders;

/// <summary>
/// Instances whose held orders should be re-checked (see <see cref="HeldOrderRelease"/>): stock went up,
/// items were cleared, or Inventory Check was switched off.
/// The re-check runs after the commit, off the request, so it never slows an import's response.
/// Requests for an instance already waiting are merged.
/// </summary>
public sealed class HeldOrderReleaseRequests
{
    private readonly Channel<int> _channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<int> _pending = [];
    private readonly Lock _gate = new();

    public void Request(int instanceId)
    {
        lock (_gate)
            if (!_pending.Add(instanceId))
                return;
        _channel.Writer.TryWrite(instanceId);
    }

    internal async ValueTask<int> NextAsync(CancellationToken ct)
    {
        var instanceId = await _channel.Reader.ReadAsync(ct);
        lock (_gate)
            _pending.Remove(instanceId);
        return instanceId;
    }

    /// <summary>Takes a waiting request without blocking; false when none waits.</summary>
    internal bool TryTake(out int instanceId)
    {
        if (!_channel.Reader.TryRead(out instanceId))
            return false;
        lock (_gate)
            _pending.Remove(instanceId);
        return true;
    }
}

/// <summary>
/// Works through <see cref="HeldOrderReleaseRequests"/> in the background. With several servers on one
/// database, an instance's re-check runs under its lease: when another server is re-checking it, the
/// request waits a moment and is asked again, so stock that arrived meanwhile is still seen.
/// </summary>
public sealed class HeldOrderReleaseService(HeldOrderReleaseRequests queue, HeldOrderRelease release, Leases leases,
    TimeProvider clock, ILogger<HeldOrderReleaseService> logger) : BackgroundService
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var instanceId = await queue.NextAsync(stoppingToken);
            var lease = $"release:{instanceId}";
            try
            {
                if (!await leases.TryTakeAsync(lease, LeaseTime, stoppingToken))
                {
                    _ = AskAgainAsync(instanceId, stoppingToken);
                    continue;
                }
                try
                {
                    var result = await release.ReleaseHeldAsync(instanceId, Actor.System, stoppingToken);
                    if (result.Orders.Count > 0)
                        logger.HeldOrdersRechecked(result.Orders.Count, instanceId, result.Moved);
                }
                finally
                {
                    await leases.ReleaseAsync(lease, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.RecheckFailed(ex, instanceId);
            }
        }
    }

    private async Task AskAgainAsync(int instanceId, CancellationToken ct)
    {
        try
        {
            await Task.Delay(RetryAfter, clock, ct);
            queue.Request(instanceId);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
