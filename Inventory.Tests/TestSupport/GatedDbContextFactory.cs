using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Tests.TestSupport;

/// <summary>
/// The real context factory with a gate a test can close, so a page's first query really waits and
/// its loading state can be seen; the database behind it is the real one.
/// </summary>
public sealed class GatedDbContextFactory(DbContextOptions<InventoryDbContext> options) : IDbContextFactory<InventoryDbContext>
{
    private TaskCompletionSource _gate = Opened();

    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public InventoryDbContext CreateDbContext() => new(options);

    public async Task<InventoryDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        return new InventoryDbContext(options);
    }

    private static TaskCompletionSource Opened()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
