using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed one demo store into an empty database, so a newcomer sees a working system.</summary>
    public bool Seed { get; set; }
}

/// <summary>
/// Seeds through the same services a seller uses, so the demo data obeys every rule (ledger rows
/// for the imported stock, orders synced like real ones).
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<InventoryDbContext> dbFactory,
    IDbContextFactory<Accounts.UsersDbContext> usersFactory,
    InstanceService instances,
    InventoryService inventory,
    OrderIntake orders,
    TimeProvider clock,
    IOptions<DemoOptions> options)
{
    public const string MainWarehouse = "LAX1";
    public const string SecondWarehouse = "EWR2";

    public async Task SeedIfEnabledAsync(CancellationToken ct = default)
    {
        if (!options.Value.Seed)
            return;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            if (await db.Instances.AnyAsync(ct))
                return;

        // The demo store belongs to the first account; before setup there is none yet, and setup adopts it.
        int? account;
        await using (var users = await usersFactory.CreateDbContextAsync(ct))
            account = await users.Accounts.OrderBy(a => a.Id).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        var seeder = account is { } id ? Actor.SystemIn(id) : Actor.System;

        var store = await instances.CreateAsync(new NewInstance("Amazon US", Platform.Amazon, MainWarehouse), seeder, ct);
        var random = new Random(20261127);
        var rows = new List<ImportRow>();
        for (var i = 1; i <= 300; i++)
        {
            var warehouse = i % 4 == 0 ? SecondWarehouse : MainWarehouse;
            rows.Add(new ImportRow(i + 1, warehouse, Sku(i), random.Next(0, 40)));
        }
        await inventory.ApplyImportAsync(store.Id, "demo-stock.xlsx", rows, seeder, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var incoming = new List<IncomingOrder>();
        for (var n = 1; n <= 36; n++)
        {
            var lines = new List<IncomingLine> { new(Sku(random.Next(1, 301)), random.Next(1, 4)) };
            if (n % 3 == 0)
                lines.Add(new IncomingLine(Sku(random.Next(1, 301)), random.Next(1, 3)));
            if (n % 5 == 0)
                lines.Add(new IncomingLine($"UNTRACKED-{n:000}", 1));   // never checked, never deducted
            if (n % 6 == 0)
                lines.Add(new IncomingLine(Sku(random.Next(1, 301)), 60)); // more than any item holds: short once checked
            incoming.Add(new IncomingOrder($"114-{random.Next(1000000, 9999999)}-{random.Next(1000000, 9999999)}",
                null, now.AddMinutes(-36 * 15 + n * 15), lines));
        }
        await orders.SyncAsync(store.Id, incoming, seeder, ct);
    }

    private static string Sku(int i) => $"SKU-{i:00000}";
}
