namespace Inventory.Domain.Notifications;

/// <summary>
/// The one channel for live updates. Services publish only after their commit succeeded. In one
/// process <see cref="InMemoryChangeNotifier"/> serves; several servers need a real backplane
/// (Redis pub/sub) behind this same interface.
/// </summary>
public interface IChangeNotifier
{
    /// <summary>Hands the change to every subscriber without waiting for them.</summary>
    void Publish(Change change);

    /// <summary>Dispose the returned handle to stop receiving changes.</summary>
    IDisposable Subscribe(Func<Change, Task> handler);
}
