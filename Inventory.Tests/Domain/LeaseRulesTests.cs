using Inventory.Domain.Instances;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Inventory.Domain.Persistence;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inventory.Tests.Domain;

/// <summary>Background work on several servers sharing one database: each piece runs on one server at a time.</summary>
public abstract class LeaseRulesTests(Engine engine) : DomainTest(new TestDatabase
{
    Engine = engine,
    Settings = { ["Sync:IntervalSeconds"] = "0.2", ["Sync:TimeoutSeconds"] = "5" },
    Configure = services => services.AddSingleton<IMarketplace, SlowStore>(),
})
{
    private static Leases LeasesOf(IServiceProvider server) => server.GetRequiredService<Leases>();

    [SkippableFact]
    public async Task TwentyServersAskingForOneLeaseAtOnce_ExactlyOneGetsIt_AndItsHolderCanRenewIt()
    {
        var servers = Enumerable.Range(0, 20).Select(_ => Db.AnotherServer()).ToList();
        try
        {
            var taken = await Task.WhenAll(servers.Select(s => Task.Run(() => LeasesOf(s).TryTakeAsync("sync:1", TimeSpan.FromMinutes(1), default))));

            Assert.Single(taken, t => t);
            var holder = servers[Array.IndexOf(taken, true)];
            Assert.True(await LeasesOf(holder).TryTakeAsync("sync:1", TimeSpan.FromMinutes(1), default));
            Assert.False(await LeasesOf(Db.Services).TryTakeAsync("sync:1", TimeSpan.FromMinutes(1), default));
        }
        finally
        {
            foreach (var server in servers)
                await server.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task ALeaseThatRanOutOrWasReleased_GoesToTheNextServer()
    {
        await using var other = Db.AnotherServer();
        Assert.True(await LeasesOf(other).TryTakeAsync("release:1", TimeSpan.FromMinutes(5), default));
        Assert.False(await LeasesOf(Db.Services).TryTakeAsync("release:1", TimeSpan.FromMinutes(5), default));

        await LeasesOf(other).ReleaseAsync("release:1", default);
        Assert.True(await LeasesOf(Db.Services).TryTakeAsync("release:1", TimeSpan.FromMinutes(5), default));

        // A server that died holding a lease: its time is up.
        await using (var db = Db.Context())
            await db.Leases.Where(l => l.Name == "release:1").ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        Assert.True(await LeasesOf(other).TryTakeAsync("release:1", TimeSpan.FromMinutes(5), default));
    }

    [SkippableFact]
    public async Task TwoServersSyncingOneStore_NeverPullItAtTheSameTime()
    {
        var store = await Db.InstanceAsync(name: $"{SlowStore.Name} {Guid.NewGuid():N}"[..40]);
        var pulls = SlowStore.PullsOf(store.Name);
        await using var other = Db.AnotherServer();
        var services = new[] { Db.Services, other }
            .Select(s => s.GetServices<IHostedService>().OfType<MarketplaceSyncService>().Single()).ToList();
        foreach (var service in services)
            await service.StartAsync(default);

        // Each pull takes longer than the interval: without a lease the second server would pull meanwhile.
        await pulls.Reached(6);
        foreach (var service in services)
            await service.StopAsync(default);

        Assert.Equal(1, pulls.MostAtOnce);
        Assert.Null((await Db.Instances.GetAsync(store.Id, Db.User)).LastSyncError);
    }

    /// <summary>
    /// A marketplace whose pulls take 0.3 s (longer than the test's 0.2 s interval). Every server has
    /// its own instance of it; the pulls of each store are counted across all of them.
    /// </summary>
    private sealed class SlowStore : IMarketplace
    {
        public const string Name = "Slow store";
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Pulls> Stores = new();

        public static Pulls PullsOf(string storeName) => Stores.GetOrAdd(storeName, _ => new Pulls());

        string IMarketplace.Name => Name;

        public MarketplaceCapabilities Capabilities => MarketplaceCapabilities.Orders;

        public bool Serves(InstanceView instance) => instance.Name.StartsWith(Name, StringComparison.Ordinal);

        public async Task<IReadOnlyList<IncomingOrder>> FetchOrdersAsync(InstanceView instance, DateTime since, CancellationToken ct)
        {
            var pulls = PullsOf(instance.Name);
            pulls.Started();
            await Task.Delay(300, ct);
            pulls.Ended();
            return [];
        }
    }

    private sealed class Pulls
    {
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running, _done, _target = int.MaxValue;

        public int MostAtOnce { get; private set; }

        public void Started()
        {
            lock (_gate)
                MostAtOnce = Math.Max(MostAtOnce, ++_running);
        }

        public void Ended()
        {
            lock (_gate)
            {
                _running--;
                if (++_done >= _target)
                    _reached.TrySetResult();
            }
        }

        public Task Reached(int count)
        {
            lock (_gate)
            {
                _target = count;
                if (_done >= count)
                    _reached.TrySetResult();
            }
            return _reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }
}

public sealed class LeaseRulesOnSqlite() : LeaseRulesTests(Engine.Sqlite);

public sealed class LeaseRulesOnPostgres() : LeaseRulesTests(Engine.Postgres);
