using Inventory.Domain.Marketplace;
using Inventory.Domain.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Inventory.Domain.Persistence.Configurations;

internal sealed class MarketplaceConnectionConfiguration : IEntityTypeConfiguration<MarketplaceConnection>
{
    public void Configure(EntityTypeBuilder<MarketplaceConnection> builder)
    {
        builder.HasKey(c => c.InstanceId);
        builder.HasOne<Instances.Instance>().WithOne().HasForeignKey<MarketplaceConnection>(c => c.InstanceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(c => c.Region).HasConversion<string>().HasMaxLength(4);
        builder.Property(c => c.Endpoint).HasMaxLength(MarketplaceConnection.UrlMaxLength);
        builder.Property(c => c.TokenEndpoint).HasMaxLength(MarketplaceConnection.UrlMaxLength);
        builder.Property(c => c.ClientId).HasMaxLength(MarketplaceConnection.IdMaxLength);
        builder.Property(c => c.SellingPartyId).HasMaxLength(MarketplaceConnection.IdMaxLength);
        builder.Property(c => c.SecretHint).HasMaxLength(8);
        builder.Property(c => c.RefreshTokenHint).HasMaxLength(8);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(m => m.TransactionId).HasMaxLength(200);
        builder.Property(m => m.LastError).HasMaxLength(500);
        builder.Property(m => m.Refusal).HasMaxLength(500);
        builder.Property(m => m.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Order>().WithMany().HasForeignKey(m => m.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.OrderId);
        // The sender's only question, "what is due?", reads just the few not yet sent or not yet answered.
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("\"Outcome\" = 'Pending'");
        // The dashboard's "refused by Amazon": the few refused messages of an instance.
        builder.HasIndex(m => m.InstanceId, "IX_OutboxMessages_Refused").HasFilter("\"Outcome\" = 'Failure'");
    }
}

internal sealed class OrderLabelDocumentConfiguration : IEntityTypeConfiguration<OrderLabelDocument>
{
    public void Configure(EntityTypeBuilder<OrderLabelDocument> builder)
    {
        builder.ToTable("OrderLabels");
        builder.HasKey(l => l.OrderId);
        builder.Property(l => l.OrderId).ValueGeneratedNever();
        builder.Property(l => l.Format).HasMaxLength(8);
        builder.HasOne<Order>().WithOne().HasForeignKey<OrderLabelDocument>(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
