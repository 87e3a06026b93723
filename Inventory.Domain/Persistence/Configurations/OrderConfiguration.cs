using Inventory.Domain.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Inventory.Domain.Persistence.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.Property(o => o.OrderNumber).HasMaxLength(64);
        builder.Property(o => o.Warehouse).HasMaxLength(32);
        builder.Property(o => o.WarehouseKey).HasMaxLength(32);
        builder.Property(o => o.Error).HasMaxLength(100);
        builder.Property(o => o.Label).HasMaxLength(64);
        builder.Property(o => o.CancelReason).HasMaxLength(200);
        builder.Ignore(o => o.Deducted);
        builder.Ignore(o => o.IsHeld);
        // Guards the move out of NEW: two accepts racing on one order cannot both deduct (rule 8).
        builder.Property(o => o.Status).IsConcurrencyToken();
        builder.HasIndex(o => new { o.InstanceId, o.OrderNumber }).IsUnique();
        builder.HasIndex(o => new { o.InstanceId, o.Status, o.OrderedAt });
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(o => o.InstanceId);

        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(o => o.Shortages, s => s.ToJson());
        builder.Navigation(o => o.Shortages).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
