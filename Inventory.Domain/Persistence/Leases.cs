using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Persistence;

/// <summary>A named piece of background work and the server holding it until <see cref="ExpiresAt"/>.</summary>
public sealed class Lease
{
    public const int NameMaxLength = 64;

    public string Name { get; private set; } = "";
    public string Holder { get; private set; } = "";
    public DateTime ExpiresAt { get; private set; }
}

/// <summary>
/// Leases in the database, so background work (a store's sync, a re-check of held orders) runs on one
/// server at a time when several share the database. A lease nobody renews runs out, so a server that
/// dies holding one blocks that work only until then.
/// </summary>
public sealed class Leases(IDbContextFactory<InventoryDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>This server, as a holder: unique even for two servers on one machine.</summary>
    private readonly string _holder = $"{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Takes the lease for <paramref name="duration"/> if it is free, has run out, or is this server's
    /// already (then it is renewed). One statement, so two servers asking at once cannot both get it.
    /// </summary>
    public async Task<bool> TryTakeAsync(string name, TimeSpan duration, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Leases" ("Name", "Holder", "ExpiresAt") VALUES ({name}, {_holder}, {until})
            ON CONFLICT ("Name") DO UPDATE SET "Holder" = excluded."Holder", "ExpiresAt" = excluded."ExpiresAt"
            WHERE "Leases"."ExpiresAt" <= {now} OR "Leases"."Holder" = excluded."Holder"
            """, ct) == 1;
    }

    /// <summary>Keeps this server's lease until <paramref name="until"/> (e.g. the work's next due time), or frees it now.</summary>
    public async Task HoldUntilAsync(string name, DateTime until, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "Leases" SET "ExpiresAt" = {until} WHERE "Name" = {name} AND "Holder" = {_holder}
            """, ct);
    }

    public Task ReleaseAsync(string name, CancellationToken ct) => HoldUntilAsync(name, DateTime.UnixEpoch, ct);
}
