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
        builder.Property(i => i.Outcome).HasMaxLength(16);
        builder.HasIndex(i => i.InstanceId);
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(i => i.InstanceId);
    }
}
