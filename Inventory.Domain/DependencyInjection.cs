using Inventory.Domain.Common;
using Inventory.Domain.Demo;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Inventory.Domain.Persistence;
using Inventory.Domain.Persistence.Sqlite;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Domain;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the domain: the database (provider and file from configuration), the services that
    /// own the rules, and the change notifier.
    /// </summary>
    /// <param name="contentRoot">Relative SQLite paths are resolved against it (the app's content root).</param>
    public static IServiceCollection AddInventoryDomain(this IServiceCollection services,
        IConfiguration configuration, string contentRoot)
    {
        var provider = DatabaseEngine(configuration, contentRoot);
        services.AddSingleton(provider);
        services.AddDbContextFactory<InventoryDbContext>(provider.Configure);

        services.Configure<ImportOptions>(configuration.GetSection(ImportOptions.Section));
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IChangeNotifier, InMemoryChangeNotifier>();
        services.AddSingleton<ILabelService, TrackingNumberLabelService>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<InstanceService>();
        services.AddSingleton<StockLedger>();
        services.AddSingleton<InventoryService>();
        services.AddSingleton<StockQueries>();
        services.AddSingleton<OrderBatch>();
        services.AddSingleton<LabelRequests>();
        services.AddSingleton<LeavingNewStep>();
        services.AddSingleton<OrderIntake>();
        services.AddSingleton<OrderAcceptance>();
        services.AddSingleton<OrderLabelling>();
        services.AddSingleton<OrderCancellation>();
        services.AddSingleton<HeldOrderRelease>();
        services.AddSingleton<OrderQueries>();
        services.AddSingleton<HeldOrderReleaseRequests>();
        services.AddHostedService<HeldOrderReleaseService>();
        services.Configure<SyncOptions>(configuration.GetSection(SyncOptions.Section));
        services.AddSingleton<IMarketplaceOrderSource, SimulatedAmazonSource>();
        services.AddSingleton<MarketplaceSync>();
        services.AddHostedService<MarketplaceSyncService>();
        services.AddSingleton<DemoSeeder>();
        return services;
    }

    /// <summary>Creates the database, migrates it, and seeds the demo store when configured to.</summary>
    public static async Task InitializeInventoryDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
        await services.GetRequiredService<DemoSeeder>().SeedIfEnabledAsync(ct);
    }

    /// <summary>The engine named by <c>Database:Provider</c>, behind the provider port.</summary>
#pragma warning disable CA1859 // one engine today; this switch is where a second one (PostgreSQL) joins
    private static IDatabaseEngine DatabaseEngine(IConfiguration configuration, string contentRoot)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Inventory") ?? "Data Source=data/inventory.db";
        return database.Provider.ToLowerInvariant() switch
        {
            "sqlite" => new SqliteEngine(connectionString, contentRoot),
            _ => throw new InvalidOperationException(
                $"Database:Provider '{database.Provider}' is not available in this build; use 'Sqlite'."),
        };
    }
#pragma warning restore CA1859
}
