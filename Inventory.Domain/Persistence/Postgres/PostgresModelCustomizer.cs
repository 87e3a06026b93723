using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Inventory.Domain.Persistence.Postgres;

/// <summary>What the model has only on PostgreSQL: a trigram index, so the grid's SKU search (a substring, LIKE '%…%') need not scan.</summary>
internal sealed class PostgresModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        if (context is not InventoryDbContext)
            return;
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.Entity<StockItem>()
            .HasIndex(s => s.SkuKey, "IX_StockItems_SkuKey_Trigram")
            .HasMethod("gin")
            .HasOperators("gin_trgm_ops");
    }
}
