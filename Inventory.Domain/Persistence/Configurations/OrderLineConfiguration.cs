using Inventory.Domain.Common;
using Inventory.Domain.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Inventory.Domain.Persistence.Configurations;

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("OrderLines");
        builder.Property(l => l.Sku).HasMaxLength(Fields.SkuMaxLength);
        builder.Property(l => l.SkuKey).HasMaxLength(Fields.SkuMaxLength);
        builder.Property(l => l.ItemSequenceNumber).HasMaxLength(OrderLine.MarketplaceIdMaxLength);
        builder.Property(l => l.BuyerProductIdentifier).HasMaxLength(OrderLine.MarketplaceIdMaxLength);
        builder.Property(l => l.NetPrice).HasPrecision(18, 4);
        builder.Property(l => l.Tax).HasPrecision(18, 4);
        builder.Property(l => l.Currency).HasMaxLength(3);
    }
}
