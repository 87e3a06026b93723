using System.Text.Json;
using Inventory.Domain.Import;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inventory.Tests.Api;

public sealed class AppStartupTests
{
    [Fact]
    public async Task RepositoryAppSettings_ValuesArriveInTheRunningApp()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        var configuration = factory.Services.GetRequiredService<IConfiguration>();
        var options = factory.Services.GetRequiredService<IOptions<ImportOptions>>().Value;

        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppFactory.RepositoryRoot(), "appsettings.json")));
        var import = file.RootElement.GetProperty("Import");
        // Neither section has a built-in default, so they can only have come from the repo-root file.
        Assert.True(configuration.GetSection("Import").Exists());
        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore"]);
        Assert.Equal(import.GetProperty("MaxFileSizeMb").GetInt32(), options.MaxFileSizeMb);
        Assert.Equal(import.GetProperty("MaxRows").GetInt32(), options.MaxRows);
        Assert.True(file.RootElement.GetProperty("Demo").GetProperty("Seed").GetBoolean(), "the repo default seeds the demo store");
    }

    [Fact]
    public async Task FreshDatabase_WithDemoSeed_ServesADashboardListingTheDemoStore()
    {
        await using var factory = new AppFactory();
        factory.Settings["Demo:Seed"] = "true";
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Contains("Dashboard", html);
        Assert.Contains("Amazon US", html);
    }
}
