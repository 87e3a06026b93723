using Bunit;
using Inventory.Blazor.Components.Layout;
using Inventory.Blazor.Components.Shared;
using Inventory.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Components;

public sealed class LayoutComponentTests : ComponentTest
{
    protected override bool RendersPopoverProvider => false;

    /// <summary>A page with a bug: the layout must show a message, not a dead circuit.</summary>
    private sealed class BrokenPage : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("the grid's query failed");
    }

    private static RenderFragment Page<T>() where T : IComponent => builder =>
    {
        builder.OpenComponent<T>(0);
        builder.CloseComponent();
    };

    [Fact]
    public void PageThatThrows_ShowsTheErrorInTheLayout_WithAWayToTryAgain()
    {
        var cut = Ctx.Render<MainLayout>(p => p.Add(x => x.Body, Page<BrokenPage>()));

        cut.WaitForAssertion(() => Assert.Contains("Something went wrong: the grid's query failed", cut.Markup));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Contains("Try again"));
        Assert.Contains("Inventory", cut.Find(".mud-appbar").TextContent); // the rest of the app still works
    }

    [Fact]
    public async Task Layout_SelectsTheFirstInstance_AndNamesTheSignedInUserInTheUserMenu()
    {
        var store = await Db.InstanceAsync(name: "Walmart store");

        var cut = Ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(_ => { })));

        cut.WaitForAssertion(() => Assert.Equal(store.Id, Ctx.Services.GetRequiredService<InstanceSelection>().Current));
        Assert.Contains($"/instances/{store.Id}/inventory", cut.Markup);
        Assert.Contains(Db.User.Name, cut.Find("[aria-label='User menu']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ACircuitSignedOutWhileOpen_ShowsNothingOfTheAccount_AndAsksToSignInAgain()
    {
        var cut = Ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p id='secret'>stock</p>"))));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#secret")));

        // What revalidation does to a disabled user's circuit: its authentication state becomes anonymous.
        Auth.SetNotAuthorized();

        cut.WaitForAssertion(() => Assert.Contains("You are signed out", cut.Markup));
        Assert.Empty(cut.FindAll("#secret"));
    }
}
