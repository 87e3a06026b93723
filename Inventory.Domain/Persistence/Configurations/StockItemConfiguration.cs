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
        // The item's identity (rule: instance, warehouse, SKU); also the target of import upserts.
        builder.HasIndex(s => new { s.InstanceId, s.WarehouseKey, s.SkuKey }).IsUnique();
        builder.HasIndex(s => new { s.InstanceId, s.SkuKey });
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(s => s.InstanceId);
    }
}
