using Inventory.Domain.Common;
using Inventory.Domain.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Inventory.Domain.Persistence.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.Property(o => o.OrderNumber).HasMaxLength(Fields.OrderNumberMaxLength);
        builder.Property(o => o.Warehouse).HasMaxLength(Fields.WarehouseMaxLength);
        builder.Property(o => o.WarehouseKey).HasMaxLength(Fields.WarehouseMaxLength);
        builder.Property(o => o.HoldDetail).HasMaxLength(Order.HoldDetailMaxLength);
        builder.Property(o => o.TrackingNumber).HasMaxLength(64);
        builder.Property(o => o.CancelReason).HasMaxLength(Fields.ReasonMaxLength);
        builder.Property(o => o.LabelFormat).HasMaxLength(8);
        builder.Property(o => o.ShipMethod).HasMaxLength(64);
        builder.Property(o => o.WeightPerBox).HasPrecision(10, 3);
        builder.Property(o => o.WeightUnit).HasConversion<string>().HasMaxLength(2);
        builder.Ignore(o => o.BoxWeight);
        builder.Ignore(o => o.NewLabel);
        builder.Ignore(o => o.Deducted);
        builder.Ignore(o => o.IsHeld);
        // Guards every save of an order: two writers racing on one order cannot both move it (rule 8).
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
