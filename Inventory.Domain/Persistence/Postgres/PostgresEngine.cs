using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Inventory.Domain.Persistence.Postgres;

/// <summary>
/// PostgreSQL behind the provider port, for several app servers on one database: writers run side by
/// side (row locks, not one database lock), migrations in <c>Postgres/Migrations</c>, the grid's
/// substring search through a <c>pg_trgm</c> index.
/// </summary>
internal sealed class PostgresEngine : IDatabaseEngine
{
    // Any fixed number shared by every server of this app; it names the lock, nothing else.
    private const long StartupLockKey = 0x1A7E_0001;

    private readonly string _connectionString;

    /// <summary>How long one statement may run unless the connection string says otherwise.</summary>
    public static readonly TimeSpan BulkCommandTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The connection string the engine connects with, as configured plus its own defaults.</summary>
    internal string ConnectionString => _connectionString;

    public PostgresEngine(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured);
        // Orders repeat the same handful of statements; let the server keep their plans.
        if (!configured.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
            builder.MaxAutoPrepare = 32;
        // A million-row file's apply writes every item through five indexes, the trigram one most of
        // all: about 28 s on two cores, at the edge of Npgsql's default of 30, and a file at the row
        // limit twice that. A caller that goes away still ends its commands (cancellation).
        if (!configured.Contains("Command Timeout", StringComparison.OrdinalIgnoreCase)
            && !configured.Contains("CommandTimeout", StringComparison.OrdinalIgnoreCase))
            builder.CommandTimeout = (int)BulkCommandTimeout.TotalSeconds;
        _connectionString = builder.ConnectionString;
    }

    public void Configure(DbContextOptionsBuilder options) => options
        .UseNpgsql(_connectionString)
        .ReplaceService<IMigrationsAssembly, EngineMigrations<PostgresEngine>>()
        .ReplaceService<IModelCustomizer, PostgresModelCustomizer>();

    public Task PrepareAsync(InventoryDbContext db, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Servers starting at once take turns: each creates the database if it is missing, migrates and
    /// creates the first administrator under one advisory lock, so the second finds the work done.
    /// </summary>
    public async Task<IAsyncDisposable> StartupLockAsync(DbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            try { await creator.CreateAsync(ct); }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { }
        }
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", StartupLockKey);
            await command.ExecuteNonQueryAsync(ct);
        }
        return new StartupLock(connection);
    }

    public IBulkStatements BulkStatements(InventoryDbContext db) => new PostgresBulkStatements(db);

    public async Task<IImportStaging> BeginImportAsync(InventoryDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var staging = new PostgresImportStaging((NpgsqlConnection)db.Database.GetDbConnection());
        await staging.BeginAsync(ct);
        return staging;
    }

    public async Task<AppliedImport> ApplyImportAsync(InventoryDbContext db, ImportApplication apply, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return await PostgresImportApply.ApplyAsync((NpgsqlConnection)db.Database.GetDbConnection(), apply, ct);
    }

    // The pg_trgm index serves the grid's LIKE '%…%' as it is.
    public Task<int?> CountSkusAsync(InventoryDbContext db, int instanceId, string skuKey, CancellationToken ct) =>
        Task.FromResult<int?>(null);

    public bool OffsetReadsSkippedRows => true;

    public IQueryable<StockItem> FindSkus(InventoryDbContext db, int instanceId, string skuKey, int count) =>
        db.StockOf(instanceId).Where(s => s.SkuKey.Contains(skuKey));

    private sealed class StartupLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection))
                await command.ExecuteNonQueryAsync();
            await connection.DisposeAsync();
        }
    }
}
