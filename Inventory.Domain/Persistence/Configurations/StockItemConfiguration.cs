using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Inventory.Domain.Persistence.Configurations;

internal sealed class StockItemConfiguration : IEntityTypeConfiguration<StockItem>
{
    public void Configure(EntityTypeBuilder<StockItem> builder)
    {
        builder.Property(s => s.Warehouse).HasMaxLength(32);
        builder.Property(s => s.WarehouseKey).HasMaxLength(32);
        builder.Property(s => s.Sku).HasMaxLength(100);
        builder.Property(s => s.SkuKey).HasMaxLength(100);
        // The item's identity (instance, warehouse, SKU) and the target of import upserts. SKU before
        // warehouse, so the same index also serves the grid's default order (by SKU) and the import
        // can append to it in order.
        builder.HasIndex(s => new { s.InstanceId, s.SkuKey, s.WarehouseKey }).IsUnique();
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(s => s.InstanceId);
    }
}
