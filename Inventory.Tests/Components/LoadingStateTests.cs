using Bunit;
using Inventory.Blazor.Components.Pages;
using Inventory.Domain.Persistence;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Components;

public sealed class LoadingStateTests() : ComponentTest(new TestDatabase
{
    Configure = services =>
    {
        services.AddSingleton<GatedDbContextFactory>();
        services.AddSingleton<IDbContextFactory<InventoryDbContext>>(sp => sp.GetRequiredService<GatedDbContextFactory>());
    },
})
{
    [Fact]
    public async Task Dashboard_ShowsProgressWhileItsQueriesRun_ThenTheCounts()
    {
        await Db.InstanceAsync(name: "Slow store");
        var gate = Db.Services.GetRequiredService<GatedDbContextFactory>();
        gate.Close();

        var cut = Ctx.Render<Home>();

        Assert.NotEmpty(cut.FindAll(".mud-progress-linear"));
        Assert.DoesNotContain("Slow store", cut.Markup);
        gate.Open();
        cut.WaitForAssertion(() => Assert.Contains("Slow store", cut.Markup));
        Assert.Empty(cut.FindAll(".mud-progress-linear"));
    }
}
