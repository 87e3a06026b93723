using Inventory.Domain;
using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Inventory.Domain.Stock;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.TestSupport;

/// <summary>
/// The domain wired as the app wires it, over a real database of its own (one per test: a SQLite file,
/// or a PostgreSQL database), with small builders for the data the rules need.
/// </summary>
public sealed class TestDatabase : DomainServices, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "inventory-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider? _services;
    private string? _postgres;
    private IConfiguration? _configuration;

    public Engine Engine { get; init; } = Engine.Sqlite;

    public string FilePath => Path.Combine(_folder, "inventory.db");
    public override IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialized.");
    /// <summary>The Admin of account 1, whom the builders and most tests act as.</summary>
    public override Actor User { get; } = Actor.User(1, "tester", 1, Role.Admin);

    /// <summary>Replace registrations (a failing label service, a fake clock) before the database starts.</summary>
    public Action<IServiceCollection>? Configure { get; init; }

    public Dictionary<string, string?> Settings { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        if (Engine == Engine.Postgres)
            _postgres = await TestPostgres.CreateDatabaseAsync();
        _configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = Engine.ToString(),
                ["ConnectionStrings:Inventory"] = _postgres ?? $"Data Source={FilePath};Default Timeout=60",
                ["Demo:Seed"] = "false",
            })
            .AddInMemoryCollection(Settings)
            .Build();
        _services = Server();
        await _services.InitializeInventoryDatabaseAsync();
    }

    /// <summary>
    /// The domain as one more app server on the same database would have it (its own notifier, leases
    /// holder and background services), for what several servers must get right together.
    /// </summary>
    public ServiceProvider AnotherServer(Action<IServiceCollection>? configure = null) => Server(configure);

    private ServiceProvider Server(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddInventoryDomain(_configuration ?? throw new InvalidOperationException("Not initialized."), _folder);
        Configure?.Invoke(services);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_postgres is not null)
            await TestPostgres.DropDatabaseAsync(_postgres);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    public InventoryDbContext Context() =>
        Services.GetRequiredService<IDbContextFactory<InventoryDbContext>>().CreateDbContext();

    // ---- builders -------------------------------------------------------------------------------

    public async Task<InstanceView> InstanceAsync(bool inventoryCheck = false, bool autoLabel = false,
        string defaultWarehouse = "LAX1", string name = "Amazon US")
    {
        var instance = await Instances.CreateAsync(new NewInstance(name, Platform.Amazon, defaultWarehouse), User);
        if (inventoryCheck || autoLabel)
            instance = await Instances.UpdateAsync(instance.Id, new InstanceUpdate(InventoryCheck: inventoryCheck, AutoLabel: autoLabel), User);
        return instance;
    }

    /// <summary>Update Inventory with rows of (SKU, quantity) in the default warehouse, or (warehouse, SKU, quantity).</summary>
    public async Task<ImportResult> StockAsync(int instanceId, params (string Sku, int Quantity)[] rows) =>
        await Inventory.ApplyImportAsync(instanceId, "stock.csv",
            rows.Select((r, i) => new ImportRow(i + 2, null, r.Sku, r.Quantity)), User);

    public async Task<ImportResult> StockInAsync(int instanceId, params (string Warehouse, string Sku, int Quantity)[] rows) =>
        await Inventory.ApplyImportAsync(instanceId, "stock.csv",
            rows.Select((r, i) => new ImportRow(i + 2, r.Warehouse, r.Sku, r.Quantity)), User);

    public async Task<OrderOutcome> SyncAsync(int instanceId, string orderNumber, params (string Sku, int Quantity)[] lines) =>
        (await SyncAtAsync(instanceId, orderNumber, DateTime.UtcNow, null, lines));

    public async Task<OrderOutcome> SyncAtAsync(int instanceId, string orderNumber, DateTime orderedAt, string? warehouse,
        params (string Sku, int Quantity)[] lines)
    {
        var result = await Intake.SyncAsync(instanceId,
            [new IncomingOrder(orderNumber, warehouse, orderedAt, lines.Select(l => new IncomingLine(l.Sku, l.Quantity)).ToList())],
            User);
        return Assert.Single(result.Orders);
    }

    public async Task<int?> QuantityAsync(int instanceId, string sku, string warehouse = "LAX1")
    {
        await using var db = Context();
        var (skuKey, warehouseKey) = (Keys.Normalize(sku), Keys.Normalize(warehouse));
        return await db.StockOf(instanceId).Where(s => s.SkuKey == skuKey && s.WarehouseKey == warehouseKey)
            .Select(s => (int?)s.Quantity).SingleOrDefaultAsync();
    }

    public async Task<int> LedgerCountAsync(int instanceId, MovementReason? reason = null)
    {
        await using var db = Context();
        return await db.MovementsOf(instanceId).CountAsync(m => reason == null || m.Reason == reason);
    }

    /// <summary>
    /// Runs the held-order re-checks that operations asked for, as the background service would, and
    /// says for which instances: a test sees both that the request was made and what it did.
    /// </summary>
    public async Task<IReadOnlyList<int>> ReleasePendingAsync()
    {
        var queue = Services.GetRequiredService<HeldOrderReleaseRequests>();
        var released = new List<int>();
        while (queue.TryTake(out var instanceId))
        {
            await Release.ReleaseHeldAsync(instanceId, Actor.System);
            released.Add(instanceId);
        }
        return released;
    }

    public async Task<OrderView> OrderAsync(int instanceId, string orderNumber) =>
        await Orders.GetAsync(instanceId, orderNumber, User) ?? throw new InvalidOperationException($"No order {orderNumber}.");

    /// <summary>Everything a rejected operation must leave untouched, to compare before and after.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var db = Context();
        var items = await db.StockItems.OrderBy(s => s.Id).Select(s => $"{s.InstanceId}/{s.WarehouseKey}/{s.SkuKey}={s.Quantity}").ToListAsync();
        var ledger = await db.StockMovements.CountAsync();
        var imports = await db.Imports.CountAsync(i => i.Status != ImportStatus.Refused); // a refused file leaves only its record
        return $"items[{string.Join(",", items)}] ledger={ledger} imports={imports}";
    }
}
