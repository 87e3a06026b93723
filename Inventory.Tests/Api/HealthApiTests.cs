using System.Net;
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
