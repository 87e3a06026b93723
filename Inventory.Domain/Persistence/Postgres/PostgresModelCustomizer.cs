using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Inventory.Domain.Persistence.Postgres;

/// <summary>What the model has only on PostgreSQL: a trigram index, so the grid's SKU search (a substring, LIKE '%…%') need not scan, and code-point order for keys.</summary>
internal sealed class PostgresModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        if (context is not InventoryDbContext)
            return;
        modelBuilder.HasPostgresExtension("pg_trgm");
        var stock = modelBuilder.Entity<StockItem>();
        stock.HasIndex(s => s.SkuKey, "IX_StockItems_SkuKey_Trigram")
            .HasMethod("gin")
            .HasOperators("gin_trgm_ops");
        // Keys sort by code point, as on SQLite, whatever the server's locale: the grid's order and its
        // seeks then do not depend on how the database was created.
        stock.Property(s => s.SkuKey).UseCollation("C");
        stock.Property(s => s.WarehouseKey).UseCollation("C");
    }
}
