using Bunit;
using Inventory.Blazor.Components.Pages.Users;
using Inventory.Domain.Accounts;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Inventory.Tests.Components;

/// <summary>The Users page an Admin manages the account's people on, with the domain behind it.</summary>
public sealed class UsersPageTests : ComponentTest
{
    public UsersPageTests()
    {
        // AccountService is scoped (Identity's stores are): one scope per rendered page, as a circuit has.
        Ctx.Services.AddScoped(_ => Db.Services.CreateScope().ServiceProvider.GetRequiredService<AccountService>());
    }

    [Fact]
    public async Task AnAdmin_AddsAUserWithoutAPassword_AndIsShownTheOneTimeInvitationLink()
    {
        // The test's actor is the Admin of account 1: the account exists, with its first user.
        await using (var scope = Db.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAccountAsync("Test seller", "owner@seller.test", "a long enough password", default);
        var cut = Ctx.Render<UsersPage>();
        cut.WaitForAssertion(() => Assert.Contains("owner@seller.test", cut.Markup));

        cut.FindComponents<MudTextField<string>>()[0].Find("input").Change("picker@seller.test");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("/account/invitation?token=", cut.Find(".invitation-link").TextContent));
        Assert.Contains("picker@seller.test", cut.Find("table").TextContent);
        Assert.Contains("Invited", cut.Find("table").TextContent);
        Assert.Contains("Operator", cut.Find("table").TextContent);
    }
}
