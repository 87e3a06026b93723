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
        // An undo reads back its import's or clear's rows; the filters keep every other row out of each index.
        builder.HasIndex(m => m.ImportId).HasFilter("\"ImportId\" IS NOT NULL");
        builder.HasIndex(m => m.ClearId).HasFilter("\"ClearId\" IS NOT NULL");
        // A cancel's restock and the order lists' "checked" flags read an order's own rows.
        builder.HasIndex(m => m.OrderId).HasFilter("\"OrderId\" IS NOT NULL");
        // A count's time carried forward reads the accepts and restocks since then; import rows stay out.
        builder.HasIndex(m => new { m.InstanceId, m.At }).HasDatabaseName("IX_StockMovements_OrderFlowSince")
            .HasFilter("\"Reason\" IN ('Accept', 'Restock')");
        // -1, 0 or 1 as a number: SQLite stores 0 and 1 in no bytes at all, on a table of millions of rows.
        builder.Property(m => m.Tracking).HasConversion<int>();
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(m => m.InstanceId);
    }
}
