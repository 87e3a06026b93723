using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Inventory.Domain.Persistence.Configurations;

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> builder)
    {
        builder.Property(m => m.Warehouse).HasMaxLength(32);
        builder.Property(m => m.WarehouseKey).HasMaxLength(32);
        builder.Property(m => m.Sku).HasMaxLength(100);
        builder.Property(m => m.SkuKey).HasMaxLength(100);
        builder.Property(m => m.User).HasMaxLength(100);
        // Ledger rows outlive the items they describe (a Clear deletes the item), so no FK to StockItems.
        builder.HasIndex(m => new { m.InstanceId, m.SkuKey, m.WarehouseKey });
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(m => m.InstanceId);
    }
}
