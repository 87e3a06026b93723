using System.Security.Claims;
using Inventory.Domain.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Inventory.Blazor.Auth;

/// <summary>
/// An open page checks its user again every minute: once they are disabled, or their role or password
/// changed (a new security stamp), the circuit becomes signed out and its pages stop showing data.
/// </summary>
internal sealed class RevalidatingUserState(ILoggerFactory logger, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(logger)
{
    public static TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await IsStillValidAsync(scope.ServiceProvider.GetRequiredService<UserManager<User>>(), options.Value, state.User);
    }

    /// <summary>The user still exists, is not disabled, and nothing changed their security stamp (role, password) since sign-in.</summary>
    internal static async Task<bool> IsStillValidAsync(UserManager<User> users, IdentityOptions options, ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.Disabled)
            return false;
        if (!users.SupportsUserSecurityStamp)
            return true;
        var stamp = principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
