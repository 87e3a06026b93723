using Microsoft.Data.Sqlite;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Inventory.Domain.Persistence.Sqlite;

/// <summary>
/// SQLite behind the provider port: one file in WAL mode, one writer at a time (writers wait for the
/// lock, up to the connection string's <c>Default Timeout</c>), migrations in <c>Sqlite/Migrations</c>.
/// </summary>
internal sealed class SqliteEngine : IDatabaseEngine
{
    private readonly string _connectionString;

    /// <param name="configured">The configured connection string.</param>
    /// <param name="contentRoot">A relative file path is resolved against it (the app's content root).</param>
    public SqliteEngine(string configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(configured);
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && !Path.IsPathRooted(path))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, path));
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:")
            CreatePrivately(file);
        // SQLite has one writer at a time: writers wait (busy timeout) rather than fail at once.
        if (!configured.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            builder.DefaultTimeout = 30;
        _connectionString = builder.ToString();
    }

    /// <summary>
    /// The database's folder and file, when they do not exist yet, readable by the server's user only: the
    /// file holds the Data Protection keys beside the secrets they protect. SQLite gives its -wal and -shm
    /// files the database file's mode.
    /// </summary>
    private static void CreatePrivately(string file)
    {
        var folder = Path.GetDirectoryName(file)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        if (!Directory.Exists(folder))
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!File.Exists(file))
        {
            try
            {
                using var created = new FileStream(file, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another server process on this machine created it first.
            }
        }
    }

    public void Configure(DbContextOptionsBuilder options) => options
        .UseSqlite(_connectionString)
        .ReplaceService<IMigrationsAssembly, EngineMigrations<SqliteEngine>>()
        .AddInterceptors(new SqlitePragmaInterceptor());

    // One file has one server; EF's own migration lock covers the rest.
    public Task<IAsyncDisposable> StartupLockAsync(DbContext db, CancellationToken ct) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    public Task<int?> CountSkusAsync(InventoryDbContext db, int instanceId, string skuKey, CancellationToken ct) =>
        SqliteSkuSearch.CountAsync(db, instanceId, skuKey, ct);

    public bool OffsetReadsSkippedRows => false;

    public IQueryable<StockItem> FindSkus(InventoryDbContext db, int instanceId, string skuKey, int count) =>
        SqliteSkuSearch.Find(db, instanceId, skuKey, count);

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>
    /// Threads SQLite's sorter may use beside the connection's own for a large sort (an import's staged
    /// rows, an index built afresh), one per other core: at 1M rows, two index builds took 3.3–3.9 s
    /// alone, 2.9 s with one helper and 2.6 s with two. Each helper sorts in a buffer as large as the
    /// connection's cache, so more helpers than cores would cost memory for no speed. Set only for an
    /// import's work and back to 0 (SQLite's default) before the connection is pooled.
    /// </summary>
    public static readonly int SortThreads = Math.Clamp(Environment.ProcessorCount - 1, 0, 3);

    /// <summary>
    /// Puts what an import's staging or apply sets on its connection (the caches, the WAL's
    /// auto-checkpoint, the sorter's threads) back to SQLite's defaults, before the connection returns
    /// to the pool for an order or a page to use.
    /// </summary>
    public const string ImportSettingsUndone =
        "PRAGMA cache_size = -2000; PRAGMA temp.cache_size = -2000; PRAGMA wal_autocheckpoint = 1000; PRAGMA threads = 0;";

    // WAL lets readers (every open page) work while one writer commits; it is stored in the file.
    public Task PrepareAsync(InventoryDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);

    public IBulkStatements BulkStatements(InventoryDbContext db) => new SqliteBulkStatements(db);

    public async Task<IImportStaging> BeginImportAsync(InventoryDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var staging = new SqliteImportStaging((SqliteConnection)db.Database.GetDbConnection());
        await staging.BeginAsync(ct);
        return staging;
    }

    public async Task<AppliedImport> ApplyImportAsync(InventoryDbContext db, ImportApplication apply, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return await SqliteImportApply.ApplyAsync((SqliteConnection)db.Database.GetDbConnection(), apply, ct);
    }
}
