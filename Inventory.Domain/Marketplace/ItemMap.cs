using Inventory.Domain.Common;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Marketplace;

/// <summary>One line of the item map as it is shown: the ASIN and the SKU it stands for.</summary>
public sealed record ItemMapRow(string Asin, string Sku, DateTime UpdatedAt);

/// <summary>What one row of a change says: map <paramref name="Asin"/> to <paramref name="Sku"/>, or forget it when the SKU is empty.</summary>
public sealed record ItemMapChange(string? Asin, string? Sku);

/// <summary>What a change did, and what became of the orders held for unknown items that it matched again.</summary>
public sealed record ItemMapResult(int Mapped, int Removed, BulkOutcome Rematched);

/// <summary>
/// The item map of an instance (ASIN ↔ SKU): what an Amazon line naming only an ASIN is matched by. A change is saved
/// whole, then the instance's orders held with "Unknown item" are matched again (<see cref="HeldOrderRelease"/>):
/// the ones now known lose the hold, and the usual Inventory Check applies to them.
/// </summary>
public sealed class ItemMap(IDbContextFactory<InventoryDbContext> dbFactory, HeldOrderRelease release, TimeProvider clock)
{
    /// <summary>The most rows one change, and one listing, may have.</summary>
    public const int MaxRows = 10_000;

    /// <param name="sku">Only the ASINs mapped to this SKU (the item's page); null: the whole map, by ASIN.</param>
    public async Task<IReadOnlyList<ItemMapRow>> ListAsync(int instanceId, Actor actor, string? sku = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Accounts.Permission.View, ct);
        var rows = db.ItemMap.AsNoTracking().Where(e => e.InstanceId == instanceId);
        if (!string.IsNullOrWhiteSpace(sku))
        {
            var key = Keys.Normalize(sku);
            rows = rows.Where(e => e.SkuKey == key);
        }
        return await rows.OrderBy(e => e.ProductIdKey).Take(MaxRows)
            .Select(e => new ItemMapRow(e.ProductId, e.Sku, e.UpdatedAt)).ToListAsync(ct);
    }

    public async Task<ItemMapResult> PutAsync(int instanceId, IReadOnlyList<ItemMapChange> changes, Actor actor, CancellationToken ct = default)
    {
        var wanted = Validate(changes);
        int mapped = 0, removed = 0;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.EnsureInstanceAsync(instanceId, actor, Accounts.Permission.UpdateInventory, ct);
            var keys = wanted.Keys.ToList();
            var existing = await db.ItemMap.Where(e => e.InstanceId == instanceId && keys.Contains(e.ProductIdKey))
                .ToDictionaryAsync(e => e.ProductIdKey, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var (key, (asin, sku)) in wanted)
            {
                var entry = existing.GetValueOrDefault(key);
                if (sku is null)
                {
                    if (entry is not null)
                    {
                        db.ItemMap.Remove(entry);
                        removed++;
                    }
                    continue;
                }
                if (entry is null)
                    db.ItemMap.Add(new ItemMapEntry(instanceId, asin, sku, now));
                else
                    entry.MapTo(sku, now);
                mapped++;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                throw new ConflictException("The item map was changed by someone else at the same time; nothing was saved. Try again.");
            }
        }
        var rematched = mapped > 0
            ? await release.ReleaseHeldAsync(instanceId, actor, ct)
            : new BulkOutcome([]);
        return new ItemMapResult(mapped, removed, rematched);
    }

    /// <summary>Every row checked before anything is saved; a refusal names the row, the field and why.</summary>
    private static Dictionary<string, (string Asin, string? Sku)> Validate(IReadOnlyList<ItemMapChange> changes)
    {
        if (changes.Count > MaxRows)
            throw new ValidationException("entries", $"{changes.Count:N0} rows were sent; at most {MaxRows:N0} are taken at once.");
        var wanted = new Dictionary<string, (string, string?)>();
        for (var i = 0; i < changes.Count; i++)
        {
            var (asin, sku) = (changes[i].Asin?.Trim() ?? "", changes[i].Sku?.Trim());
            if (Fields.AsinProblem(asin) is { } asinProblem)
                throw new ValidationException($"entries[{i}].asin", $"Row {i + 1}, asin: {asinProblem}");
            if (!string.IsNullOrEmpty(sku) && Fields.SkuProblem(sku) is { } skuProblem)
                throw new ValidationException($"entries[{i}].sku", $"Row {i + 1}, sku: {skuProblem}");
            // A later row about the same ASIN wins, as it would had they been sent one after the other.
            wanted[Keys.Normalize(asin)] = (asin, string.IsNullOrEmpty(sku) ? null : sku);
        }
        return wanted;
    }
}
