using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Instances;

public sealed class InstanceService(
    IDbContextFactory<InventoryDbContext> dbFactory, IChangeNotifier notifier, TimeProvider clock, HeldOrderReleaseRequests releases)
{
    /// <summary>A new instance in the actor's account (Admin).</summary>
    public async Task<InstanceView> CreateAsync(NewInstance request, Actor actor, CancellationToken ct = default)
    {
        actor.Require(Permission.ManageInstances);
        var instance = new Instance(actor.AccountId, request.Name, request.Platform, request.DefaultWarehouse, clock.GetUtcNow().UtcDateTime);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The audit line names the new instance's id, known after its insert: both in one transaction.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Instances.Add(instance);
        await db.SaveChangesAsync(ct);
        db.Audit(actor, instance.Id, $"Created instance {instance.Name} ({instance.Platform}, {instance.DefaultWarehouse})", instance.CreatedAt);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        notifier.Publish(new InstanceChanged(instance.Id));
        return ToView(instance, connected: false);
    }

    /// <summary>The instances of the actor's account.</summary>
    public async Task<IReadOnlyList<InstanceView>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instances = await db.InstancesOf(actor).AsNoTracking().OrderBy(i => i.Name).ThenBy(i => i.Id).ToListAsync(ct);
        var ids = instances.Select(i => i.Id).ToList();
        var connected = (await db.MarketplaceConnections.Where(c => ids.Contains(c.InstanceId)).Select(c => c.InstanceId).ToListAsync(ct)).ToHashSet();
        return instances.Select(i => ToView(i, connected.Contains(i.Id))).ToList();
    }

    public async Task<InstanceView?> FindAsync(int id, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.InstancesOf(actor).AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        return instance is null ? null : ToView(instance, await ConnectedAsync(db, id, ct));
    }

    public async Task<InstanceView> GetAsync(int id, Actor actor, CancellationToken ct = default) =>
        await FindAsync(id, actor, ct) ?? throw new NotFoundException($"Instance {id} does not exist.");

    /// <summary>Applies the given fields; all validate before any is saved.</summary>
    public async Task<InstanceView> UpdateAsync(int id, InstanceUpdate update, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(id, actor, Permission.ManageInstances, ct);
        var instance = await db.Instances.SingleAsync(i => i.Id == id, ct);
        if (update.Name is not null) instance.Rename(update.Name);
        if (update.Platform is { } platform) instance.ChangePlatform(platform);
        if (update.DefaultWarehouse is not null) instance.ChangeDefaultWarehouse(update.DefaultWarehouse);
        if (update.InventoryCheck is { } check) instance.SetInventoryCheck(check);
        if (update.AutoLabel is { } autoLabel) instance.SetAutoLabel(autoLabel);
        if (update.SimulateOrders is { } simulate) instance.SetSimulateOrders(simulate);
        if (update.LowStockOff) instance.SetLowStockThreshold(null);
        else if (update.LowStockThreshold is { } threshold) instance.SetLowStockThreshold(threshold);
        if (update.UntrackedCountsAsShort is { } untrackedShort) instance.SetUntrackedCountsAsShort(untrackedShort);
        if (update.InventoryFeed is { } feed)
            instance.SetInventoryFeed(feed, await db.StockMovements.MaxAsync(m => (long?)m.Id, ct) ?? 0);
        if (update.SendInvoices is { } invoices) instance.SetSendInvoices(invoices);
        if (update.InvoicePrefix is not null) instance.SetInvoicePrefix(update.InvoicePrefix);
        if (update.DefaultBoxWeight is { } weight)
            instance.SetDefaultBoxWeight(string.IsNullOrWhiteSpace(weight) ? null : Orders.BoxWeight.Parse(weight, "defaultBoxWeight"));
        // Rule 4: with the check off nothing is held; with untracked SKUs no longer short, orders held
        // only for them are not either. Either way the held orders are re-checked.
        var releaseHeld = db.Entry(instance).Property(i => i.InventoryCheck) is { IsModified: true, CurrentValue: false }
                          || db.Entry(instance).Property(i => i.UntrackedCountsAsShort) is { IsModified: true, CurrentValue: false };
        var changed = db.Entry(instance).Properties.Where(p => p.IsModified && p.Metadata.Name != nameof(Instance.FeedCursor))
            .Select(p => $"{SettingName(p.Metadata.Name)} {Shown(p.OriginalValue)} → {Shown(p.CurrentValue)}").ToList();
        if (changed.Count > 0)
            db.Audit(actor, id, $"Changed {instance.Name}: {string.Join(", ", changed)}", clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        notifier.Publish(new InstanceChanged(id));
        if (releaseHeld)
            releases.Request(id);
        return ToView(instance, await ConnectedAsync(db, id, ct));
    }

    // The audit speaks the seller's words for the settings.
    private static string SettingName(string property) => property switch
    {
        nameof(Instance.InventoryCheck) => "Inventory Check",
        nameof(Instance.AutoLabel) => "Auto Label",
        nameof(Instance.DefaultWarehouse) => "default warehouse",
        nameof(Instance.SimulateOrders) => "simulated orders",
        nameof(Instance.LowStockThreshold) => "low-stock threshold",
        nameof(Instance.UntrackedCountsAsShort) => "untracked SKUs count as short",
        nameof(Instance.InventoryFeed) => "inventory feed",
        nameof(Instance.SendInvoices) => "Send invoices",
        nameof(Instance.InvoicePrefix) => "invoice prefix",
        nameof(Instance.DefaultWeightPerBox) => "default weight per box",
        nameof(Instance.DefaultWeightUnit) => "its unit",
        _ => property.ToLowerInvariant(),
    };

    private static string Shown(object? value) => value switch
    {
        true => "on",
        false => "off",
        null => "none",
        _ => value.ToString() ?? "",
    };

    private static Task<bool> ConnectedAsync(InventoryDbContext db, int id, CancellationToken ct) =>
        db.MarketplaceConnections.AnyAsync(c => c.InstanceId == id, ct);

    private static InstanceView ToView(Instance i, bool connected) =>
        new(i.Id, i.Name, i.Platform, i.DefaultWarehouse, i.InventoryCheck, i.AutoLabel, i.CreatedAt,
            i.SimulateOrders, i.LastSyncAt, i.LastSyncError, i.LowStockThreshold, i.UntrackedCountsAsShort, i.InventoryFeed,
            connected, i.SendInvoices, i.InvoicePrefix, i.DefaultBoxWeight?.ToString());
}
