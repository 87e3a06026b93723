using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inventory.Domain.Notifications;

public sealed class InMemoryChangeNotifier(ILogger<InMemoryChangeNotifier>? logger = null) : IChangeNotifier
{
    private readonly ILogger _logger = logger ?? NullLogger<InMemoryChangeNotifier>.Instance;
    private readonly Lock _gate = new();
    private List<Func<Change, Task>> _subscribers = [];

    public void Publish(Change change)
    {
        // Copy-on-write list: publishing never holds the lock while subscribers run.
        List<Func<Change, Task>> snapshot;
        lock (_gate)
            snapshot = _subscribers;

        foreach (var subscriber in snapshot)
            _ = DeliverAsync(subscriber, change);
    }

    public IDisposable Subscribe(Func<Change, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
            _subscribers = [.. _subscribers, handler];
        return new Subscription(this, handler);
    }

    private void Unsubscribe(Func<Change, Task> handler)
    {
        lock (_gate)
            _subscribers = _subscribers.Where(s => s != handler).ToList();
    }

    // One subscriber's failure (a closed circuit, a bug in a page) must not stop the others.
    private async Task DeliverAsync(Func<Change, Task> subscriber, Change change)
    {
        try
        {
            await subscriber(change);
        }
        catch (Exception ex)
        {
            _logger.SubscriberFailed(ex, change);
        }
    }

    private sealed class Subscription(InMemoryChangeNotifier owner, Func<Change, Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Unsubscribe(handler);
        }
    }
}
