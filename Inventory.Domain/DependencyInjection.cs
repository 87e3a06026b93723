using Inventory.Domain.Common;
using Inventory.Domain.Demo;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Inventory.Domain.Persistence;
using Inventory.Domain.Stock;
using Microsoft.Data.Sqlite;
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
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!string.Equals(database.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"Database:Provider '{database.Provider}' is not available in this build; use 'Sqlite'.");

        var connectionString = SqliteConnectionString(
            configuration.GetConnectionString("Inventory") ?? "Data Source=data/inventory.db", contentRoot);
        services.AddDbContextFactory<InventoryDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmaInterceptor()));

        services.Configure<ImportOptions>(configuration.GetSection(ImportOptions.Section));
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IChangeNotifier, InMemoryChangeNotifier>();
        services.AddSingleton<ILabelService, TrackingNumberLabelService>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<InstanceService>();
        services.AddSingleton<InventoryService>();
        services.AddSingleton<OrderWorkflow>();
        services.AddSingleton<HeldOrderReleaseQueue>();
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

    private static string SqliteConnectionString(string configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(configured);
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && !Path.IsPathRooted(path))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, path));
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:")
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // SQLite has one writer at a time: writers wait (busy timeout) rather than fail at once.
        if (!configured.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            builder.DefaultTimeout = 30;
        return builder.ToString();
    }
}
