using System.Diagnostics;
using Inventory.Domain;
using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Stock;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Benchmarks;

/// <summary>
/// (c) The domain wired as the app wires it, on a fresh database (a SQLite file, or any engine's) with
/// one empty instance, so a timed import goes through exactly the code a seller's upload does.
/// </summary>
internal sealed class DomainImport : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly Func<Task>? _release;
    private readonly InventoryService _inventory;

    private DomainImport(ServiceProvider provider, Func<Task>? release, int instanceId)
    {
        _provider = provider;
        _release = release;
        _inventory = provider.GetRequiredService<InventoryService>();
        InstanceId = instanceId;
    }

    /// <summary>The domain's services, for measurements beside the import on the same database.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>The instance the imports go into.</summary>
    public int InstanceId { get; }

    /// <summary>On a SQLite file of its own, deleted on dispose.</summary>
    public static Task<DomainImport> CreateAsync(string folder, string databaseFile) =>
        CreateAsync(folder, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Inventory"] = $"Data Source={databaseFile};Default Timeout=60",
        }, release: () =>
        {
            DeleteSqlite(databaseFile);
            return Task.CompletedTask;
        });

    private static readonly string[] SqliteSuffixes = ["", "-wal", "-shm"];

    /// <summary>Deletes a SQLite database file with its WAL files, after closing the pooled connections that keep them open.</summary>
    public static void DeleteSqlite(string databaseFile)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in SqliteSuffixes)
            File.Delete(databaseFile + suffix);
    }

    /// <summary>
    /// On the database <paramref name="database"/> names (<c>Database:Provider</c>,
    /// <c>ConnectionStrings:Inventory</c>); <paramref name="release"/> runs after the services are
    /// disposed (null: the caller disposes of the database).
    /// </summary>
    public static async Task<DomainImport> CreateAsync(string folder, IReadOnlyDictionary<string, string?> database, Func<Task>? release)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "false",
            // The app's default (100 MB) would refuse the larger generated files before reading them.
            ["Import:MaxFileSizeMb"] = "1000",
        };
        foreach (var (key, value) in database)
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInventoryDomain(configuration, folder);
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.InitializeInventoryDatabaseAsync();
            var instance = await provider.GetRequiredService<InstanceService>()
                .CreateAsync(new NewInstance("Bench", Platform.Amazon, "LAX1"), Actor.System);
            return new DomainImport(provider, release, instance.Id);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>How long each preview took, in the order they ran: the rest of each import's time is its apply.</summary>
    public List<double> PreviewSeconds { get; } = [];

    /// <summary>
    /// Imports the file as a seller does (a seekable file stream): a preview, then its apply, as two
    /// calls — the same work the one-step import does in one. Times both together.
    /// </summary>
    public async Task<(Sample Sample, ImportSummary Summary)> ImportAsync(string path)
    {
        await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        var (sample, result) = await Measure.RunAsync(async () =>
        {
            var preview = Stopwatch.StartNew();
            var previewed = await _inventory.PreviewFileAsync(InstanceId, Path.GetFileName(path), content, countedAt: null, Actor.System);
            PreviewSeconds.Add(preview.Elapsed.TotalSeconds);
            return previewed.Preview is { } p
                ? await _inventory.ApplyAsync(InstanceId, p.ImportId, Actor.System)
                : new ImportResult(null, previewed.Errors, previewed.ErrorCount);
        });
        if (!result.Succeeded)
            throw new InvalidOperationException(
                $"The import of {Path.GetFileName(path)} was refused with {result.ErrorCount} error(s): " +
                string.Join("; ", result.Errors.Take(5).Select(e => $"row {e.Row} {e.Column}: {e.Message}")));
        return (sample, result.Summary!);
    }

    /// <summary>
    /// Waits for what an apply leaves to the background: its kept rows deleted (in chunks, on either
    /// engine) and, on SQLite, the search index merged and the WAL checkpointed, in this process. Done
    /// when no kept row is left and this process has gone quiet. Returns how long that took.
    /// </summary>
    public async Task<TimeSpan> WaitForBackgroundWorkAsync(TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        var factory = _provider.GetRequiredService<IDbContextFactory<Inventory.Domain.Persistence.InventoryDbContext>>();
        while (waited.Elapsed < limit)
        {
            await using (var db = await factory.CreateDbContextAsync())
            {
                var kept = await db.Database.SqlQueryRaw<int>("""SELECT count(*) AS "Value" FROM "ImportRows" """).SingleAsync();
                if (kept == 0 && await QuietAsync())
                    break;
            }
        }
        return waited.Elapsed;

        // Under a tenth of a core over a quarter of a second: the background task has finished.
        static async Task<bool> QuietAsync()
        {
            using var self = Process.GetCurrentProcess();
            var before = self.TotalProcessorTime;
            await Task.Delay(250);
            self.Refresh();
            return (self.TotalProcessorTime - before).TotalMilliseconds < 25;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        if (_release is not null)
            await _release();
    }
}
