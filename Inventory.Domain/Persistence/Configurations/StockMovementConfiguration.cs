using Inventory.Domain.Common;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Inventory.Domain.Persistence.Configurations;

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> builder)
    {
        builder.Property(m => m.Warehouse).HasMaxLength(Fields.WarehouseMaxLength);
        builder.Property(m => m.WarehouseKey).HasMaxLength(Fields.WarehouseMaxLength);
        builder.Property(m => m.Sku).HasMaxLength(Fields.SkuMaxLength);
        builder.Property(m => m.SkuKey).HasMaxLength(Fields.SkuMaxLength);
        builder.Property(m => m.User).HasMaxLength(Fields.UserMaxLength);
        builder.Property(m => m.Note).HasMaxLength(StockMovement.NoteMaxLength);
        // Ledger rows outlive the items they describe (a Clear deletes the item), so no FK to StockItems.
        builder.HasIndex(m => new { m.InstanceId, m.SkuKey, m.WarehouseKey });
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(m => m.InstanceId);
    }
}
