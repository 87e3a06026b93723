using Inventory.Blazor.Auth;
using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inventory.Blazor.Api;

/// <summary>Tokens, sign-up and an Admin's users: the account side of the API.</summary>
public static class AccountsApi
{
    public sealed record TokenBody(string? Email, string? Password, string? Name);

    /// <summary>A token just created; <c>notice</c> tells of a lockout since the last sign-in, once.</summary>
    public sealed record TokenResponse(string Token, TokenView Details, string? Notice);

    public sealed record SignUpBody(string? AccountName, string? Email, string? Password);

    public sealed record NewUserBody(string? Email, string? Password, Role? Role);

    public sealed record UserPatchBody(Role? Role, bool? Disabled);

    /// <summary>A user just added; <c>invitationUrl</c> (shown once) when they were given no password.</summary>
    public sealed record NewUserResponse(UserView User, string? InvitationUrl);

    public static void MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Accounts").AddEndpointFilter<DomainErrorFilter>();

        auth.MapPost("/tokens", CreateTokenAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AuthSetup.SignInLimit)
            .WithSummary("Sign in with email and password for a personal API token (shown once; send it as Authorization: Bearer)");

        auth.MapGet("/tokens", async (Actor actor, ApiTokenService tokens, CancellationToken ct) =>
                TypedResults.Ok(await tokens.ListTokensAsync(actor, ct)))
            .RequireAuthorization(AuthSetup.ApiPolicy)
            .WithSummary("Your API tokens (never their secrets)");

        auth.MapDelete("/tokens/{tokenId:int}", async (int tokenId, Actor actor, ApiTokenService tokens, CancellationToken ct) =>
            {
                await tokens.RevokeTokenAsync(actor, tokenId, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(AuthSetup.ApiPolicy)
            .WithSummary("Revoke one of your tokens; it stops working at once");

        app.MapPost("/api/accounts", async (SignUpBody body, AccountService accounts, CancellationToken ct) =>
            {
                var admin = await accounts.SignUpAsync(body.AccountName ?? "", body.Email ?? "", body.Password ?? "", ct);
                return TypedResults.Created($"/api/users/{admin.Id}", new { accountId = admin.AccountId, userId = admin.Id, email = admin.Email });
            })
            .AllowAnonymous()
            .RequireRateLimiting(AuthSetup.SignInLimit)
            .AddEndpointFilter<DomainErrorFilter>()
            .WithTags("Accounts")
            .WithSummary("Sign up (when Accounts:AllowSignUp is on): a new account with its Admin");

        var users = app.MapGroup("/api/users").WithTags("Accounts").AddEndpointFilter<DomainErrorFilter>()
            .RequireAuthorization(AuthSetup.ApiPolicy);

        users.MapGet("/", async (Actor actor, AccountService accounts, CancellationToken ct) =>
                TypedResults.Ok(await accounts.ListUsersAsync(actor, ct)))
            .WithSummary("The users of your account (Admin)");

        users.MapPost("/", async (NewUserBody body, Actor actor, AccountService accounts, HttpRequest request, CancellationToken ct) =>
            {
                var created = await accounts.CreateUserAsync(actor, body.Email, body.Password,
                    body.Role ?? throw new ValidationException("role", "role is required: Admin, Operator or Viewer."), ct);
                return TypedResults.Created($"/api/users/{created.User.Id}",
                    new NewUserResponse(created.User, InvitationUrl(request, created.InvitationToken)));
            })
            .WithSummary("Add a user to your account (Admin); without a password they get a one-time invitation link");

        app.MapGet("/api/audit", async (Actor actor, AccountService accounts, CancellationToken ct) =>
                TypedResults.Ok(await accounts.AuditAsync(actor, ct: ct)))
            .RequireAuthorization(AuthSetup.ApiPolicy)
            .AddEndpointFilter<DomainErrorFilter>()
            .WithTags("Accounts")
            .WithSummary("Who changed instance settings and users in your account, newest first (Admin)");

        users.MapPatch("/{userId:int}", async (int userId, UserPatchBody body, Actor actor, AccountService accounts, CancellationToken ct) =>
                TypedResults.Ok(await accounts.UpdateUserAsync(actor, userId, body.Role, body.Disabled, ct)))
            .WithSummary("Change a user's role, or disable them (Admin)");
    }

    /// <summary>Where an invited user chooses their password.</summary>
    public static string? InvitationUrl(HttpRequest request, string? token) =>
        token is null ? null : $"{request.Scheme}://{request.Host}/account/invitation?token={Uri.EscapeDataString(token)}";

    private static async Task<IResult> CreateTokenAsync(TokenBody body, PasswordSignIn passwords, ApiTokenService tokens, CancellationToken ct)
    {
        var outcome = await passwords.SignInAsync(body.Email, body.Password, ct);
        switch (outcome.Verdict)
        {
            case SignInVerdict.Disabled:
                return TypedResults.Problem(Words.UserDisabled, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
            case SignInVerdict.SignedIn:
                var token = await tokens.CreateTokenAsync(AccountService.ActorOf(outcome.User!), body.Name, ct);
                var notice = outcome.LockedUntil is { } until ? Words.LockedOutSince(until) : null;
                return TypedResults.Created("/api/auth/tokens", new TokenResponse(token.Token, token.View, notice));
            default:
                return Unauthorized(Words.SignInRefused);
        }
    }

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");
}
