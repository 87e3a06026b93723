using System.Threading.Channels;
using Inventory.Domain.Common;
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

/// <summary>Works through <see cref="HeldOrderReleaseRequests"/> in the background.</summary>
public sealed class HeldOrderReleaseService(HeldOrderReleaseRequests queue, HeldOrderRelease release, ILogger<HeldOrderReleaseService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var instanceId = await queue.NextAsync(stoppingToken);
            try
            {
                var result = await release.ReleaseHeldAsync(instanceId, Actor.System, stoppingToken);
                if (result.Orders.Count > 0)
                    logger.HeldOrdersRechecked(result.Orders.Count, instanceId, result.Moved);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.RecheckFailed(ex, instanceId);
            }
        }
    }
}
