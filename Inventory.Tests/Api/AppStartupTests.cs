using System.Net.Http.Json;
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
        Assert.Equal(import.GetProperty("MaxWarehouses").GetInt32(), options.MaxWarehouses);
        Assert.True(file.RootElement.GetProperty("Demo").GetProperty("Seed").GetBoolean(), "the repo default seeds the demo store");
    }

    [Fact]
    public async Task FreshDatabase_WithDemoSeed_TheDemoStoreBelongsToTheFirstAccount_AndPagesAskToSignIn()
    {
        await using var factory = new AppFactory();
        factory.Settings["Demo:Seed"] = "true";
        using var admin = factory.CreateClient();

        var instances = await admin.GetFromJsonAsync<JsonElement>("/api/instances");
        var page = await factory.AnonymousClient().GetAsync("/");

        Assert.Equal("Amazon US", instances.EnumerateArray().Single().GetProperty("name").GetString());
        Assert.Equal("/account/login", page.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task FirstStart_WithoutAnAdministrator_EveryPageLeadsToSetup_AndTheDemoStoreWaitsForTheFirstAccount()
    {
        await using var factory = new AppFactory();
        factory.Settings["Admin:Email"] = null;
        factory.Settings["Admin:Password"] = null;
        factory.Settings["Demo:Seed"] = "true";
        factory.SignInClients = false;
        using var client = factory.CreateClient();

        foreach (var path in new[] { "/", "/instances", "/account/login" })
            Assert.Equal("/setup", (await client.GetAsync(path)).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/instances")).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<Inventory.Domain.Accounts.AccountService>()
            .SetUpAsync("First seller", "first@seller.test", "a long first password");
        var stores = await factory.Services.GetRequiredService<Inventory.Domain.Instances.InstanceService>()
            .ListAsync(Inventory.Domain.Accounts.AccountService.ActorOf(admin));
        Assert.Equal("Amazon US", Assert.Single(stores).Name);
        Assert.Equal("/account/login", (await client.GetAsync("/")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
