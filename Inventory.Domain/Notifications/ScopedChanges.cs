using System.Collections.Concurrent;
using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Notifications;

/// <summary>
/// Live updates as one user may see them: only changes of their account's instances reach them, and
/// none once they are signed out (the actor function then answers null, e.g. after their user was
/// disabled). Publishers stay unaware of accounts; the scope is decided here, once.
/// </summary>
public sealed class ScopedChanges(IChangeNotifier notifier, IDbContextFactory<InventoryDbContext> dbFactory)
{
    // An instance's account never changes once set, so it is looked up once per instance.
    private readonly ConcurrentDictionary<int, int> _accountOf = new();

    /// <param name="actor">Asked on every change: who the subscriber is now, or null when nobody is signed in.</param>
    public IDisposable Subscribe(Func<Actor?> actor, Func<Change, Task> handler) =>
        notifier.Subscribe(async change =>
        {
            if (actor() is { } who && (change is EverythingChanged || await VisibleAsync(who, change.InstanceId)))
                await handler(change);
        });

    private async Task<bool> VisibleAsync(Actor actor, int instanceId)
    {
        if (actor.AccountId is not { } account)
            return true;
        if (!_accountOf.TryGetValue(instanceId, out var owner))
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            if (await db.Instances.Where(i => i.Id == instanceId).Select(i => i.AccountId).SingleOrDefaultAsync() is not { } found)
                return false;
            owner = _accountOf.GetOrAdd(instanceId, found);
        }
        return owner == account;
    }
}
