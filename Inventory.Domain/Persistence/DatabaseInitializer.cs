using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Persistence;

/// <summary>Creates and migrates the database on start.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<InventoryDbContext> dbFactory, IDatabaseEngine provider)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        await provider.PrepareAsync(db, ct);
    }
}
