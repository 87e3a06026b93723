using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Demo;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Inventory.Domain.Persistence;
using Inventory.Domain.Persistence.Postgres;
using Inventory.Domain.Persistence.Sqlite;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Marketplace.Amazon;
using Inventory.Domain.Marketplace.Simulated;

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
        services.AddDbContextFactory<UsersDbContext>(provider.Configure);
        services.AddIdentityCore<User>(o =>
            {
                // Length is what makes a password hard to guess (NIST SP 800-63B); no composition rules.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<UsersDbContext>();
        services.Configure<AccountOptions>(configuration.GetSection(AccountOptions.Section));
        services.Configure<AdminOptions>(configuration.GetSection(AdminOptions.Section));
        services.AddScoped<AccountService>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<PasswordSignIn>();

        services.Configure<ImportOptions>(configuration.GetSection(ImportOptions.Section));
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton(TimeProvider.System);
        // Several servers hear each other's changes through Redis when it is configured; one server needs nothing.
        if (configuration["Redis:Configuration"] is { Length: > 0 } redis)
        {
            services.AddSingleton(sp => new RedisChangeNotifier(redis, sp.GetService<Microsoft.Extensions.Logging.ILogger<RedisChangeNotifier>>()));
            services.AddSingleton<IChangeNotifier>(sp => sp.GetRequiredService<RedisChangeNotifier>());
        }
        else
        {
            services.AddSingleton<IChangeNotifier, InMemoryChangeNotifier>();
        }
        services.AddSingleton<ScopedChanges>();
        services.AddSingleton<TrackingNumberLabelService>();
        services.AddSingleton<ILabelService, MarketplaceLabels>();
        services.AddSingleton<OrderPackingSlipDownload>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<Leases>();
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
        services.AddSingleton<OrderShipping>();
        services.AddSingleton<OrderCancellation>();
        services.AddSingleton<OrderRejection>();
        services.AddSingleton<MessageResend>();
        services.AddSingleton<HeldOrderRelease>();
        services.AddSingleton<Marketplace.ItemMap>();
        services.AddSingleton<OrderQueries>();
        services.AddSingleton<Marketplace.InvoiceQueries>();
        services.AddSingleton<HeldOrderReleaseRequests>();
        services.AddHostedService<HeldOrderReleaseService>();
        services.Configure<SyncOptions>(configuration.GetSection(SyncOptions.Section));
        services.AddSingleton<MarketplaceSync>();
        services.AddHostedService<MarketplaceSyncService>();
        services.Configure<Stock.Feed.FeedOptions>(configuration.GetSection(Stock.Feed.FeedOptions.Section));
        services.AddSingleton<Stock.Feed.InventoryFeed>();
        services.AddHostedService<Stock.Feed.InventoryFeedService>();
        services.AddSingleton<Dashboard.DashboardQueries>();
        // The marketplaces, one registration each. A real connection serves an instance before the simulated
        // store does (the first registered that serves it wins); a second marketplace is one more line here.
        services.AddSingleton<Marketplaces>();
        services.AddSingleton<MarketplaceConnections>();
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        services.AddAmazonMarketplace(configuration);
        services.AddSimulatedMarketplace();
        services.AddSingleton<DemoSeeder>();
        return services;
    }

    /// <summary>
    /// Creates the database and migrates it, creates the configured administrator (<c>Admin:*</c>) on an
    /// unattended first start, and seeds the demo store when configured to.
    /// </summary>
    public static async Task InitializeInventoryDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var initializer = services.GetRequiredService<DatabaseInitializer>();
        // Servers starting at once take turns, so only one migrates and creates the administrator.
        await using var turn = await initializer.StartupLockAsync(ct);
        await initializer.InitializeAsync(ct);
        var admin = services.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(admin.Email) && !string.IsNullOrEmpty(admin.Password))
        {
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            if (await accounts.NeedsSetupAsync(ct))
                await accounts.SetUpAsync(admin.Account, admin.Email, admin.Password, ct);
        }
        await services.GetRequiredService<DemoSeeder>().SeedIfEnabledAsync(ct);
    }

    /// <summary>The engine named by <c>Database:Provider</c>, behind the provider port.</summary>
    private static IDatabaseEngine DatabaseEngine(IConfiguration configuration, string contentRoot)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Inventory");
        return database.Provider.ToLowerInvariant() switch
        {
            "sqlite" => new SqliteEngine(connectionString ?? "Data Source=data/inventory.db", contentRoot),
            "postgres" or "postgresql" => new PostgresEngine(connectionString ?? throw new InvalidOperationException(
                "Database:Provider 'Postgres' needs ConnectionStrings:Inventory, e.g. Host=localhost;Database=inventory;Username=inventory;Password=…")),
            _ => throw new InvalidOperationException(
                $"Database:Provider '{database.Provider}' is not known; use 'Sqlite' or 'Postgres'."),
        };
    }
}
