using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Persistence;

/// <summary>Creates and migrates the database on start.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<InventoryDbContext> dbFactory, IDbContextFactory<Accounts.UsersDbContext> usersFactory, IDatabaseEngine provider)
{
    public async Task<IAsyncDisposable> StartupLockAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await provider.StartupLockAsync(db, ct);
    }

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        await provider.PrepareAsync(db, ct);
        // The users' tables have their own migrations in the same database.
        await using var users = await usersFactory.CreateDbContextAsync(ct);
        await users.Database.MigrateAsync(ct);
    }
}
