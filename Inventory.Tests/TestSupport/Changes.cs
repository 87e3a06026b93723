using Inventory.Domain.Notifications;

namespace Inventory.Tests.TestSupport;

public static class Changes
{
    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checking it now and after each change the
    /// notifier reports for the instance — background work is awaited by what it publishes, not by time.
    /// </summary>
    public static async Task WhenAsync(IChangeNotifier notifier, int instanceId, Func<Task<bool>> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = notifier.Subscribe(async c =>
        {
            if (c.InstanceId == instanceId && await condition())
                done.TrySetResult();
        });
        if (await condition())
            return;
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
