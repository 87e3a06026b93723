using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Persistence;

/// <summary>
/// The inventory database. Services open one short-lived context per operation through
/// <c>IDbContextFactory&lt;InventoryDbContext&gt;</c>; nothing holds one for longer.
/// </summary>
/// <remarks>
/// Add a migration after a model change:
/// <code>dotnet ef migrations add Name --project Inventory.Domain --startup-project Inventory.Blazor --output-dir Persistence/Sqlite/Migrations --namespace Inventory.Domain.Persistence.Sqlite.Migrations</code>
/// Migrations run on start (<see cref="DatabaseInitializer"/>).
/// </remarks>
internal sealed class UtcConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

public class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : DbContext(options)
{
    public DbSet<Instance> Instances => Set<Instance>();
    public DbSet<StockItem> StockItems => Set<StockItem>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<InventoryImport> Imports => Set<InventoryImport>();
    public DbSet<Order> Orders => Set<Order>();

    // The one place every per-instance query starts from, so an account scope can be added here later.
    public IQueryable<StockItem> StockOf(int instanceId) => StockItems.Where(s => s.InstanceId == instanceId);

    public IQueryable<StockMovement> MovementsOf(int instanceId) => StockMovements.Where(m => m.InstanceId == instanceId);

    public IQueryable<Order> OrdersOf(int instanceId) => Orders.Where(o => o.InstanceId == instanceId);

    /// <summary>The instance's orders loaded whole — lines and shortages — and untracked: how every use case reads one.</summary>
    public IQueryable<Order> WholeOrdersOf(int instanceId) => OrdersOf(instanceId).AsNoTracking().Include(o => o.Lines);

    /// <summary>Throws <see cref="Common.NotFoundException"/> when the instance does not exist.</summary>
    public async Task EnsureInstanceAsync(int instanceId, CancellationToken ct)
    {
        if (!await Instances.AnyAsync(i => i.Id == instanceId, ct))
            throw new Common.NotFoundException($"Instance {instanceId} does not exist.");
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(InventoryDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text keep the database readable and stable if members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(16);
        // Every time is stored in UTC; SQLite keeps no kind, so say so when reading (the API then writes "Z").
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }
}
