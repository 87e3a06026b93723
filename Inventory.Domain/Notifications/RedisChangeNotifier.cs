using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Inventory.Domain.Notifications;

/// <summary>
/// Live updates across several servers: a change reaches this server's subscribers at once, as the
/// in-memory notifier would, and every other server's through Redis pub/sub. Redis is never in the way
/// of a stock operation — the database is the truth — so publishing does not wait for it and a lost
/// connection is only logged; the client reconnects by itself, and when it does, every page re-queries
/// (<see cref="EverythingChanged"/>) because changes made meanwhile on other servers were not heard.
/// </summary>
public sealed class RedisChangeNotifier : IChangeNotifier, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("inventory:changes");

    private readonly InMemoryChangeNotifier _local;
    private readonly ILogger _logger;
    private readonly ConnectionMultiplexer _redis;

    // This server's own changes come back through Redis too; they were delivered here already.
    private readonly string _server = Guid.NewGuid().ToString("N");

    public RedisChangeNotifier(string configuration, ILogger<RedisChangeNotifier>? logger = null)
    {
        _logger = logger ?? NullLogger<RedisChangeNotifier>.Instance;
        _local = new InMemoryChangeNotifier();
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false; // start without Redis and keep trying, rather than fail the server
        _redis = ConnectionMultiplexer.Connect(options);
        _redis.ConnectionFailed += (_, e) => _logger.RedisLost(e.Exception, e.EndPoint?.ToString(), e.FailureType);
        _redis.ConnectionRestored += (_, e) =>
        {
            if (_logger.IsEnabled(LogLevel.Information))
                _logger.RedisBack(e.EndPoint?.ToString());
            _local.Publish(new EverythingChanged());
        };
        _redis.GetSubscriber().Subscribe(Channel, (_, message) => Receive(message));
    }

    /// <summary>Whether Redis is reachable now; the server works without it, but other servers do not hear it.</summary>
    public bool IsConnected => _redis.IsConnected;

    public void Publish(Change change)
    {
        _local.Publish(change);
        if (Encode(change) is not { } message)
            return;
        try
        {
            _redis.GetSubscriber().Publish(Channel, message, CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            _logger.RedisPublishFailed(ex.Message);
        }
    }

    public IDisposable Subscribe(Func<Change, Task> handler) => _local.Subscribe(handler);

    public void Dispose() => _redis.Dispose();

    private void Receive(RedisValue message)
    {
        var parts = ((string?)message)?.Split('|');
        if (parts is not [var server, var kind, var id] || server == _server
            || !int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var instanceId))
            return;
        Change? change = kind switch
        {
            nameof(StockChanged) => new StockChanged(instanceId),
            nameof(OrdersChanged) => new OrdersChanged(instanceId),
            nameof(InstanceChanged) => new InstanceChanged(instanceId),
            nameof(ImportsChanged) => new ImportsChanged(instanceId),
            _ => null,
        };
        if (change is not null)
            _local.Publish(change);
    }

    private string? Encode(Change change) => change switch
    {
        StockChanged or OrdersChanged or InstanceChanged or ImportsChanged =>
            $"{_server}|{change.GetType().Name}|{change.InstanceId.ToString(CultureInfo.InvariantCulture)}",
        _ => null,
    };
}
