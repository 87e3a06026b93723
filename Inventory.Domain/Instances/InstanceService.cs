using Inventory.Domain.Common;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Instances;

public sealed class InstanceService(
    IDbContextFactory<InventoryDbContext> dbFactory, IChangeNotifier notifier, TimeProvider clock, HeldOrderReleaseRequests releases)
{
    public async Task<InstanceView> CreateAsync(NewInstance request, Actor actor, CancellationToken ct = default)
    {
        var instance = new Instance(request.Name, request.Platform, request.DefaultWarehouse, clock.GetUtcNow().UtcDateTime);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Instances.Add(instance);
        await db.SaveChangesAsync(ct);
        notifier.Publish(new InstanceChanged(instance.Id));
        return ToView(instance);
    }

    public async Task<IReadOnlyList<InstanceView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instances = await db.Instances.AsNoTracking().OrderBy(i => i.Name).ThenBy(i => i.Id).ToListAsync(ct);
        return instances.Select(ToView).ToList();
    }

    public async Task<InstanceView?> FindAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        return instance is null ? null : ToView(instance);
    }

    public async Task<InstanceView> GetAsync(int id, CancellationToken ct = default) =>
        await FindAsync(id, ct) ?? throw new NotFoundException($"Instance {id} does not exist.");

    /// <summary>Applies the given fields; all validate before any is saved.</summary>
    public async Task<InstanceView> UpdateAsync(int id, InstanceUpdate update, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.Instances.SingleOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new NotFoundException($"Instance {id} does not exist.");
        if (update.Name is not null) instance.Rename(update.Name);
        if (update.Platform is { } platform) instance.ChangePlatform(platform);
        if (update.DefaultWarehouse is not null) instance.ChangeDefaultWarehouse(update.DefaultWarehouse);
        if (update.InventoryCheck is { } check) instance.SetInventoryCheck(check);
        if (update.AutoLabel is { } autoLabel) instance.SetAutoLabel(autoLabel);
        if (update.SimulateOrders is { } simulate) instance.SetSimulateOrders(simulate);
        var checkSwitchedOff = db.Entry(instance).Property(i => i.InventoryCheck) is { IsModified: true, CurrentValue: false };
        await db.SaveChangesAsync(ct);
        notifier.Publish(new InstanceChanged(id));
        // Rule 4: with the check off nothing is held, so the orders held until now are released.
        if (checkSwitchedOff)
            releases.Request(id);
        return ToView(instance);
    }

    private static InstanceView ToView(Instance i) =>
        new(i.Id, i.Name, i.Platform, i.DefaultWarehouse, i.InventoryCheck, i.AutoLabel, i.CreatedAt,
            i.SimulateOrders, i.LastSyncAt, i.LastSyncError);
}
