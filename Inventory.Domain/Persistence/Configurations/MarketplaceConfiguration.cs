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

internal sealed class OrderPackageConfiguration : IEntityTypeConfiguration<OrderPackage>
{
    public void Configure(EntityTypeBuilder<OrderPackage> builder)
    {
        builder.ToTable("OrderPackages");
        builder.HasKey(p => new { p.OrderId, p.Number });
        builder.Property(p => p.TrackingNumber).HasMaxLength(64);
        builder.Property(p => p.ShipMethod).HasMaxLength(64);
        builder.Property(p => p.Format).HasMaxLength(8);
        builder.HasOne<Order>().WithMany().HasForeignKey(p => p.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrderPackingSlipConfiguration : IEntityTypeConfiguration<OrderPackingSlip>
{
    public void Configure(EntityTypeBuilder<OrderPackingSlip> builder)
    {
        builder.ToTable("OrderPackingSlips");
        builder.HasKey(p => p.OrderId);
        builder.Property(p => p.OrderId).ValueGeneratedNever();
        builder.Property(p => p.ContentType).HasMaxLength(40);
        builder.HasOne<Order>().WithOne().HasForeignKey<OrderPackingSlip>(p => p.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ItemMapEntryConfiguration : IEntityTypeConfiguration<ItemMapEntry>
{
    public void Configure(EntityTypeBuilder<ItemMapEntry> builder)
    {
        builder.ToTable("ItemMap");
        builder.HasKey(e => new { e.InstanceId, e.ProductIdKey });
        builder.Property(e => e.ProductId).HasMaxLength(ItemMapEntry.ProductIdMaxLength);
        builder.Property(e => e.ProductIdKey).HasMaxLength(ItemMapEntry.ProductIdMaxLength);
        builder.Property(e => e.Sku).HasMaxLength(Common.Fields.SkuMaxLength);
        builder.Property(e => e.SkuKey).HasMaxLength(Common.Fields.SkuMaxLength);
        builder.HasIndex(e => new { e.InstanceId, e.SkuKey });
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(e => e.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.Property(i => i.Number).HasMaxLength(Invoice.NumberMaxLength);
        builder.Property(i => i.Currency).HasMaxLength(3);
        builder.Property(i => i.NetTotal).HasPrecision(18, 4);
        builder.Property(i => i.TaxTotal).HasPrecision(18, 4);
        // One invoice an order; numbers never repeat within an instance's series.
        builder.HasIndex(i => i.OrderId).IsUnique();
        builder.HasIndex(i => new { i.InstanceId, i.Number }).IsUnique();
        builder.HasOne<Order>().WithMany().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FeedTransactionConfiguration : IEntityTypeConfiguration<Stock.Feed.FeedTransaction>
{
    public void Configure(EntityTypeBuilder<Stock.Feed.FeedTransaction> builder)
    {
        builder.Property(t => t.Warehouse).HasMaxLength(Common.Fields.WarehouseMaxLength);
        builder.Property(t => t.TransactionId).HasMaxLength(200);
        builder.Property(t => t.Refusal).HasMaxLength(500);
        builder.Property(t => t.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(t => new { t.InstanceId, t.Id });
        builder.HasIndex(t => t.NextCheckAt).HasFilter("\"Outcome\" = 'Pending'");
        builder.HasOne<Instances.Instance>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
