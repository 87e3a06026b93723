using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Persistence;

/// <summary>Creates and migrates the database on start.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<InventoryDbContext> dbFactory)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        // WAL lets readers (every open page) work while one writer commits; it is stored in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
