using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Inventory.Domain.Persistence.Configurations;

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<Instance>
{
    public void Configure(EntityTypeBuilder<Instance> builder)
    {
        builder.Property(i => i.Name).HasMaxLength(Fields.NameMaxLength);
        builder.Property(i => i.DefaultWarehouse).HasMaxLength(Fields.WarehouseMaxLength);
        builder.Property(i => i.LastSyncError).HasMaxLength(500);
        builder.Property(i => i.InvoicePrefix).HasMaxLength(20).HasDefaultValue("INV-");
        builder.Property(i => i.NextInvoiceNumber).HasDefaultValue(1);
        builder.Property(i => i.DefaultWeightPerBox).HasPrecision(10, 3);
        builder.Property(i => i.DefaultWeightUnit).HasConversion<string>().HasMaxLength(2);
        builder.Ignore(i => i.DefaultBoxWeight);
        // Accounts live in UsersDbContext (the same database): the link is by value, indexed for the scope.
        builder.HasIndex(i => i.AccountId);
    }
}
