using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.TestSupport;

/// <summary>The real app over its own temporary SQLite file; the demo seed is off unless asked for.</summary>
public class AppFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "inventory-app-tests", Guid.NewGuid().ToString("N"));

    public Dictionary<string, string?> Settings { get; } = new() { ["Demo:Seed"] = "false" };

    /// <summary>The hosting environment; Production shows what an operator's server answers.</summary>
    protected virtual string Environment => "Development";

    /// <summary>Replace registrations before the app starts.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment(Environment);
        builder.ConfigureServices(ConfigureServices);
        builder.UseSetting("ConnectionStrings:Inventory", $"Data Source={Path.Combine(_folder, "inventory.db")};Default Timeout=60");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    /// <summary>The repository root, found from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Inventory.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Inventory.sln not found above the test binaries.");
    }
}
