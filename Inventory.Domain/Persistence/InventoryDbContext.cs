using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
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
/// After a model change, add a migration for each engine (each has its own folder and snapshot; see
/// <see cref="EngineMigrations{TEngine}"/>). The PostgreSQL one needs no server, only the provider named:
/// <code>dotnet ef migrations add Name --context InventoryDbContext --project Inventory.Domain --startup-project Inventory.Blazor --output-dir Persistence/Sqlite/Migrations --namespace Inventory.Domain.Persistence.Sqlite.Migrations
/// Database__Provider=Postgres ConnectionStrings__Inventory="Host=localhost" dotnet ef migrations add Name --context InventoryDbContext --project Inventory.Domain --startup-project Inventory.Blazor --output-dir Persistence/Postgres/Migrations --namespace Inventory.Domain.Persistence.Postgres.Migrations</code>
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
    public DbSet<InventoryClear> Clears => Set<InventoryClear>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Lease> Leases => Set<Lease>();
    public DbSet<Marketplace.MarketplaceConnection> MarketplaceConnections => Set<Marketplace.MarketplaceConnection>();
    public DbSet<Marketplace.OutboxMessage> OutboxMessages => Set<Marketplace.OutboxMessage>();
    public DbSet<OrderPackage> OrderPackages => Set<OrderPackage>();
    public DbSet<OrderPackingSlip> OrderPackingSlips => Set<OrderPackingSlip>();
    public DbSet<Marketplace.ItemMapEntry> ItemMap => Set<Marketplace.ItemMapEntry>();
    public DbSet<Marketplace.Invoice> Invoices => Set<Marketplace.Invoice>();
    public DbSet<Stock.Feed.FeedTransaction> FeedTransactions => Set<Stock.Feed.FeedTransaction>();

    /// <summary>Records who changed what (not stock: that is the ledger), saved with the change it describes.</summary>
    public void Audit(Actor actor, int? instanceId, string what, DateTime at) =>
        AuditEntries.Add(new AuditEntry(actor.AccountId, instanceId, actor.Name, what, at));

    /// <summary>
    /// The one place that decides what an actor sees: the instances of its account. Every service
    /// call on an instance starts with <see cref="EnsureInstanceAsync"/>, so another account's
    /// instance, and everything in it, answers as if it did not exist.
    /// </summary>
    public IQueryable<Instance> InstancesOf(Actor actor) =>
        actor.AccountId is { } account ? Instances.Where(i => i.AccountId == account) : Instances;

    // Per-instance queries, used once EnsureInstanceAsync has admitted the actor to the instance.
    public IQueryable<StockItem> StockOf(int instanceId) => StockItems.Where(s => s.InstanceId == instanceId);

    public IQueryable<StockMovement> MovementsOf(int instanceId) => StockMovements.Where(m => m.InstanceId == instanceId);

    public IQueryable<Order> OrdersOf(int instanceId) => Orders.Where(o => o.InstanceId == instanceId);

    /// <summary>The instance's orders loaded whole — lines and shortages — and untracked: how every use case reads one.</summary>
    public IQueryable<Order> WholeOrdersOf(int instanceId) => OrdersOf(instanceId).AsNoTracking().Include(o => o.Lines);

    /// <summary>
    /// Admits <paramref name="actor"/> to the instance for <paramref name="permission"/>: throws
    /// <see cref="NotFoundException"/> when it does not exist in the actor's account (another account's
    /// looks the same) and <see cref="ForbiddenException"/> when the actor's role does not allow it.
    /// </summary>
    public async Task<Instance> EnsureInstanceAsync(int instanceId, Actor actor, Permission permission, CancellationToken ct)
    {
        var instance = await InstancesOf(actor).AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, ct)
            ?? throw new NotFoundException($"Instance {instanceId} does not exist.");
        actor.Require(permission);
        return instance;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(InventoryDbContext).Assembly,
            t => t.Namespace == typeof(Configurations.InstanceConfiguration).Namespace);
        modelBuilder.Entity<AuditEntry>(audit =>
        {
            audit.Property(a => a.User).HasMaxLength(Fields.UserMaxLength);
            audit.Property(a => a.What).HasMaxLength(AuditEntry.WhatMaxLength);
            audit.HasIndex(a => new { a.AccountId, a.At });
        });
        modelBuilder.Entity<Lease>(lease =>
        {
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Name).HasMaxLength(Lease.NameMaxLength);
            lease.Property(l => l.Holder).HasMaxLength(Lease.NameMaxLength);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text keep the database readable and stable if members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(16);
        // Every time is stored in UTC; SQLite keeps no kind, so say so when reading (the API then writes "Z").
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }
}
