using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Domain;

public abstract class ChangeNotifierTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    [SkippableFact]
    public async Task Subscriber_ReceivesPublishedChanges_UntilDisposed()
    {
        var notifier = new InMemoryChangeNotifier();
        var received = new List<Change>();
        var subscription = notifier.Subscribe(c => { lock (received) received.Add(c); return Task.CompletedTask; });

        notifier.Publish(new StockChanged(1));
        subscription.Dispose();
        notifier.Publish(new OrdersChanged(1));

        await Task.Yield();
        Assert.Equal([new StockChanged(1)], received);
    }

    [SkippableFact]
    public async Task ThrowingSubscriber_DoesNotStopTheOthers()
    {
        var notifier = new InMemoryChangeNotifier();
        var delivered = new TaskCompletionSource<Change>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var bad = notifier.Subscribe(_ => throw new InvalidOperationException("page bug"));
        using var badAsync = notifier.Subscribe(async _ => { await Task.Yield(); throw new InvalidOperationException("late"); });
        using var good = notifier.Subscribe(c => { delivered.TrySetResult(c); return Task.CompletedTask; });

        notifier.Publish(new OrdersChanged(7));

        Assert.Equal(new OrdersChanged(7), await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [SkippableFact]
    public async Task CommittedChange_IsPublishedWithItsInstance()
    {
        var store = await Db.InstanceAsync();
        var received = new TaskCompletionSource<Change>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = Db.Notifier.Subscribe(c => { if (c is StockChanged) received.TrySetResult(c); return Task.CompletedTask; });

        await Db.StockAsync(store.Id, ("SKU-1", 1));

        Assert.Equal(new StockChanged(store.Id), await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [SkippableFact]
    public async Task FailedTransaction_PublishesNothing()
    {
        var store = await Db.InstanceAsync();
        var received = new List<Change>();
        using var _ = Db.Notifier.Subscribe(c => { lock (received) received.Add(c); return Task.CompletedTask; });

        var rejected = await Db.StockAsync(store.Id, ("SKU-1", 1), ("SKU-1", 2));
        await Assert.ThrowsAsync<Inventory.Domain.Common.ValidationException>(() =>
            Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(Name: " "), Db.User));
        // A change that does commit afterwards proves delivery works and gives the failures time to show.
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var __ = Db.Notifier.Subscribe(c => { marker.TrySetResult(); return Task.CompletedTask; });
        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(Name: "Renamed"), Db.User);
        await marker.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(rejected.Succeeded);
        lock (received)
            Assert.Equal([new InstanceChanged(store.Id)], received);
    }
}

public sealed class ChangeNotifierOnSqlite() : ChangeNotifierTests(Engine.Sqlite);

public sealed class ChangeNotifierOnPostgres() : ChangeNotifierTests(Engine.Postgres);
