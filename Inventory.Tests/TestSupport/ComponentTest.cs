using Bunit;
using Bunit.TestDoubles;
using Inventory.Blazor.Auth;
using Inventory.Blazor.Components.Shared;
using Inventory.Domain.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Inventory.Tests.TestSupport;

/// <summary>bUnit with MudBlazor and the real domain over a temporary SQLite file.</summary>
public abstract class ComponentTest : IAsyncLifetime
{
    protected BunitContext Ctx { get; } = new();
    protected TestDatabase Db { get; }

    /// <summary>Who the rendered components see as signed in; a test may sign them out.</summary>
    protected BunitAuthorizationContext Auth { get; private set; } = default!;

    protected ComponentTest(TestDatabase? db = null) => Db = db ?? new TestDatabase();

    public async Task InitializeAsync()
    {
        await Db.InitializeAsync();
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddMudServices();
        Ctx.Services.AddSingleton(Db.Instances);
        Ctx.Services.AddSingleton(Db.Inventory);
        Ctx.Services.AddSingleton(Db.Stock);
        Ctx.Services.AddSingleton(Db.Orders);
        Ctx.Services.AddSingleton(Db.Acceptance);
        Ctx.Services.AddSingleton(Db.Labelling);
        Ctx.Services.AddSingleton(Db.Cancellation);
        Ctx.Services.AddSingleton(Db.Shipping);
        Ctx.Services.AddSingleton(Db.Notifier);
        Ctx.Services.AddSingleton(Db.Services.GetRequiredService<Inventory.Domain.Dashboard.DashboardQueries>());
        Ctx.Services.AddSingleton(Db.Services.GetRequiredService<Inventory.Domain.Stock.Feed.InventoryFeed>());
        Ctx.Services.AddSingleton(Db.Services.GetRequiredService<Inventory.Domain.Marketplace.MarketplaceConnections>());
        Ctx.Services.AddSingleton(Db.Services.GetRequiredService<Inventory.Domain.Marketplace.Amazon.AmazonConnectionTest>());
        Ctx.Services.AddSingleton(Db.Services.GetRequiredService<Inventory.Domain.Orders.OrderRejection>());
        Ctx.Services.AddSingleton(Db.Services.GetRequiredService<Inventory.Domain.Marketplace.ItemMap>());
        Ctx.Services.AddSingleton(Db.Services.GetRequiredService<Inventory.Domain.Marketplace.MessageResend>());
        Ctx.Services.AddSingleton(Db.Services.GetRequiredService<ScopedChanges>());
        // Pages get the signed-in user from the layout; a page rendered alone gets it here.
        Ctx.Services.AddCascadingValue(_ => Db.User);
        Auth = Ctx.AddAuthorization();
        Auth.SetAuthorized(Db.User.Name);
        Auth.SetClaims(ActorClaims.Identity(Db.User, "test").Claims.ToArray());
        Ctx.Services.AddSingleton(Db.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Inventory.Domain.Import.ImportOptions>>());
        Ctx.Services.AddScoped<InstanceSelection>();
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        if (RendersPopoverProvider)
            Ctx.Render<MudBlazor.MudPopoverProvider>();
    }

    /// <summary>Components with popovers need the provider; a test of the layout renders the layout's own.</summary>
    protected virtual bool RendersPopoverProvider => true;

    public async Task DisposeAsync()
    {
        await Ctx.DisposeAsync();
        await Db.DisposeAsync();
    }
}
