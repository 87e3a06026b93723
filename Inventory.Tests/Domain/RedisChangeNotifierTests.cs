using System.Collections.Concurrent;
using Inventory.Domain.Notifications;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Domain;

/// <summary>Live updates between servers through a real Redis, and what happens while Redis is away.</summary>
public sealed class RedisChangeNotifierTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();

    public Task InitializeAsync() => _redis.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task AChangeOnOneServer_ReachesTheOther_AndItsOwnSubscribersExactlyOnce()
    {
        using var serverA = new RedisChangeNotifier(_redis.Configuration);
        using var serverB = new RedisChangeNotifier(_redis.Configuration);
        var heardOnA = new ConcurrentQueue<Change>();
        var heardOnB = new ConcurrentQueue<Change>();
        using var onA = serverA.Subscribe(c => { heardOnA.Enqueue(c); return Task.CompletedTask; });
        using var onB = serverB.Subscribe(c => { heardOnB.Enqueue(c); return Task.CompletedTask; });

        serverA.Publish(new StockChanged(7));
        await Poll.UntilAsync(() => heardOnB.Contains(new StockChanged(7)));
        // B's marker comes back to A after anything Redis had for A before it, such as A's own change.
        serverB.Publish(new OrdersChanged(8));
        await Poll.UntilAsync(() => heardOnA.Contains(new OrdersChanged(8)));

        Assert.Equal(1, heardOnA.Count(c => c == new StockChanged(7)));
        Assert.Equal(1, heardOnB.Count(c => c == new StockChanged(7)));
    }

    [Fact]
    public async Task WithRedisStopped_ChangesStillReachThisServer_AndWhenItReturnsEveryPageRequeries()
    {
        using var serverA = new RedisChangeNotifier(_redis.Configuration);
        using var serverB = new RedisChangeNotifier(_redis.Configuration);
        var heardOnA = new ConcurrentQueue<Change>();
        var heardOnB = new ConcurrentQueue<Change>();
        using var onA = serverA.Subscribe(c => { heardOnA.Enqueue(c); return Task.CompletedTask; });
        using var onB = serverB.Subscribe(c => { heardOnB.Enqueue(c); return Task.CompletedTask; });

        await _redis.StopAsync();
        await Poll.UntilAsync(() => !serverA.IsConnected);
        serverA.Publish(new StockChanged(1)); // a stock operation's publish: must neither throw nor wait for Redis

        Assert.Contains(new StockChanged(1), heardOnA);
        await _redis.StartAsync();
        await Poll.UntilAsync(() => heardOnB.OfType<EverythingChanged>().Any() && serverA.IsConnected && serverB.IsConnected);
        serverA.Publish(new StockChanged(2));
        await Poll.UntilAsync(() => heardOnB.Contains(new StockChanged(2)));
    }
}
