using System.Net;
using System.Net.Http.Json;
using Inventory.Domain.Accounts;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Api;

/// <summary>What a load balancer and a second server rely on: health answers and keys kept in the database.</summary>
public sealed class HealthApiTests
{
    [Fact]
    public async Task LiveAndReady_AnswerAnonymously_EvenBeforeSetup()
    {
        await using var app = new AppFactory();
        app.Settings["Admin:Email"] = null;
        app.Settings["Admin:Password"] = null;
        app.SignInClients = false;
        using var balancer = app.CreateClient();

        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            var response = await balancer.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Ready_SaysDegraded_WhileRedisIsAway_AndStockOperationsGoOn()
    {
        await using var redis = new RedisServer();
        await redis.StartAsync();
        await using var app = new AppFactory();
        app.Settings["Redis:Configuration"] = redis.Configuration;
        using var client = app.CreateClient();
        var store = await client.PostAsJsonAsync("/api/instances", new { name = "Redis store", platform = "Amazon", defaultWarehouse = "LAX1" });
        var id = (await store.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        await Poll.UntilAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK);

        await redis.StopAsync();
        await Poll.UntilAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable);
        using var file = new MultipartFormDataContent { { new ByteArrayContent("SKU,Quantity\nR-1,4\n"u8.ToArray()), "file", "stock.csv" } };
        var import = await client.PostAsync($"/api/instances/{id}/inventory/import", file);

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Contains("Degraded", await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        await redis.StartAsync();
        await Poll.UntilAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheKeysThatProtectCookies_AreKeptInTheDatabase_SoAnotherServerCanReadThem()
    {
        await using var app = new AppFactory();
        using var browser = app.AnonymousClient();
        await browser.GetStringAsync("/account/login"); // its antiforgery token needs a key

        await using var scope = app.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<UsersDbContext>().DataProtectionKeys.CountAsync();

        Assert.True(keys > 0, "no data protection key in the database");
    }
}
