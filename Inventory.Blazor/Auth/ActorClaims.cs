using System.Security.Claims;
using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Inventory.Blazor.Auth;

/// <summary>The domain's <see cref="Actor"/> as claims of a cookie or a token, and back.</summary>
public static class ActorClaims
{
    public const string Account = "inventory:account";

    /// <summary>Who the request or circuit acts as; null when nobody is signed in.</summary>
    public static Actor? Of(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true
            || !int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            || !int.TryParse(principal.FindFirstValue(Account), out var accountId)
            || !Enum.TryParse<Role>(principal.FindFirstValue(ClaimTypes.Role), out var role))
            return null;
        return Actor.User(userId, principal.FindFirstValue(ClaimTypes.Name) ?? $"user {userId}", accountId, role);
    }

    public static ClaimsIdentity Identity(Actor actor, string scheme) => new(
    [
        new Claim(ClaimTypes.NameIdentifier, actor.UserId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0"),
        new Claim(ClaimTypes.Name, actor.Name),
        new Claim(Account, actor.AccountId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0"),
        new Claim(ClaimTypes.Role, actor.Role.ToString()),
    ], scheme, ClaimTypes.Name, ClaimTypes.Role);
}

/// <summary>The sign-in cookie carries the account and role beside Identity's own claims.</summary>
internal sealed class UserClaimsFactory(UserManager<User> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ActorClaims.Account, user.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        return identity;
    }
}
