using Inventory.Domain.Common;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Inventory.Domain.Persistence.Configurations;

internal sealed class InventoryImportConfiguration : IEntityTypeConfiguration<InventoryImport>
{
    public void Configure(EntityTypeBuilder<InventoryImport> builder)
    {
        builder.ToTable("Imports");
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.User).HasMaxLength(Fields.UserMaxLength);
        builder.Property(i => i.AppliedBy).HasMaxLength(Fields.UserMaxLength);
        builder.Property(i => i.UndoneBy).HasMaxLength(Fields.UserMaxLength);
        builder.HasIndex(i => i.InstanceId);
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(i => i.InstanceId);
    }
}

internal sealed class InventoryClearConfiguration : IEntityTypeConfiguration<InventoryClear>
{
    public void Configure(EntityTypeBuilder<InventoryClear> builder)
    {
        builder.ToTable("Clears");
        builder.Property(c => c.User).HasMaxLength(Fields.UserMaxLength);
        builder.Property(c => c.UndoneBy).HasMaxLength(Fields.UserMaxLength);
        builder.HasIndex(c => c.InstanceId);
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(c => c.InstanceId);
    }
}
