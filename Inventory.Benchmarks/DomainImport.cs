using Inventory.Domain;
using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Stock;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Benchmarks;

/// <summary>
/// (c) The domain wired as the app wires it, on a fresh database file with one empty instance, so a
/// timed import goes through exactly the code a seller's upload does.
/// </summary>
internal sealed class DomainImport : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string _databaseFile;
    private readonly InventoryService _inventory;
    private readonly int _instanceId;

    private DomainImport(ServiceProvider provider, string databaseFile, int instanceId)
    {
        _provider = provider;
        _databaseFile = databaseFile;
        _inventory = provider.GetRequiredService<InventoryService>();
        _instanceId = instanceId;
    }

    public static async Task<DomainImport> CreateAsync(string folder, string databaseFile)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Inventory"] = $"Data Source={databaseFile};Default Timeout=60",
                ["Demo:Seed"] = "false",
                // The app's default (100 MB) would refuse the larger generated files before reading them.
                ["Import:MaxFileSizeMb"] = "1000",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInventoryDomain(configuration, folder);
        var provider = services.BuildServiceProvider();
        await provider.InitializeInventoryDatabaseAsync();
        var instance = await provider.GetRequiredService<InstanceService>()
            .CreateAsync(new NewInstance("Bench", Platform.Amazon, "LAX1"), Actor.System);
        return new DomainImport(provider, databaseFile, instance.Id);
    }

    /// <summary>Imports the file as the API does (a seekable file stream) and times only the import call.</summary>
    public async Task<(Sample Sample, ImportSummary Summary)> ImportAsync(string path)
    {
        await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        var (sample, result) = await Measure.RunAsync(() =>
            _inventory.ImportFileAsync(_instanceId, Path.GetFileName(path), content, Actor.System));
        if (!result.Succeeded)
            throw new InvalidOperationException(
                $"The import of {Path.GetFileName(path)} was refused with {result.ErrorCount} error(s): " +
                string.Join("; ", result.Errors.Take(5).Select(e => $"row {e.Row} {e.Column}: {e.Message}")));
        return (sample, result.Summary!);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        // Pooled connections keep the file open; release them so the file can be deleted.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_databaseFile + suffix);
    }
}
