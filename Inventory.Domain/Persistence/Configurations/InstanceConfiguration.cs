using Inventory.Domain.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Inventory.Domain.Persistence.Configurations;

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<Instance>
{
    public void Configure(EntityTypeBuilder<Instance> builder)
    {
        builder.Property(i => i.Name).HasMaxLength(Instance.NameMaxLength);
        builder.Property(i => i.DefaultWarehouse).HasMaxLength(Instance.WarehouseMaxLength);
        builder.Property(i => i.LastSyncError).HasMaxLength(500);
    }
}
