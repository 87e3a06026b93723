using Inventory.Domain.Common;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Inventory.Domain.Persistence.Configurations;

internal sealed class StockItemConfiguration : IEntityTypeConfiguration<StockItem>
{
    public void Configure(EntityTypeBuilder<StockItem> builder)
    {
        builder.Property(s => s.Warehouse).HasMaxLength(Fields.WarehouseMaxLength);
        builder.Property(s => s.WarehouseKey).HasMaxLength(Fields.WarehouseMaxLength);
        builder.Property(s => s.Sku).HasMaxLength(Fields.SkuMaxLength);
        builder.Property(s => s.SkuKey).HasMaxLength(Fields.SkuMaxLength);
        // The item's identity (instance, warehouse, SKU) and the target of import upserts. SKU before
        // warehouse, so the same index also serves the grid's default order (by SKU) and the import
        // can append to it in order.
        builder.HasIndex(s => new { s.InstanceId, s.SkuKey, s.WarehouseKey }).IsUnique();
        // One per order the grid offers, each in the grid's exact (total) order, so a page is read off
        // an index instead of sorting the instance: by warehouse (also the warehouse filter), by
        // quantity, by quantity within a warehouse, by last update. A large import builds the ones its
        // writes would rewrite afresh (docs/decisions/0005-grid-at-a-million.md).
        builder.HasIndex(s => new { s.InstanceId, s.WarehouseKey, s.SkuKey });
        builder.HasIndex(s => new { s.InstanceId, s.Quantity, s.SkuKey, s.WarehouseKey });
        builder.HasIndex(s => new { s.InstanceId, s.WarehouseKey, s.Quantity, s.SkuKey });
        builder.HasIndex(s => new { s.InstanceId, s.UpdatedAt, s.Id });
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(s => s.InstanceId);
    }
}
