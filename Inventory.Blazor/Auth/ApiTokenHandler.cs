using System.Text.Encodings.Web;
using Inventory.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Inventory.Blazor.Auth;

/// <summary><c>Authorization: Bearer inv_…</c>: a personal API token, acting as its user with the user's role.</summary>
internal sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var tokens = Context.RequestServices.GetRequiredService<ApiTokenService>();
        var actor = await tokens.AuthenticateTokenAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (actor is null)
            return AuthenticateResult.Fail("The token is unknown, revoked, or its user is disabled.");
        return AuthenticateResult.Success(new AuthenticationTicket(new(ActorClaims.Identity(actor, Name)), Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
