using System.Threading.RateLimiting;
using Inventory.Blazor.Api;
using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Inventory.Blazor.Auth;

/// <summary>
/// Sign-in for people (a cookie) and for scripts (a bearer token), and who each request acts as.
/// </summary>
/// <remarks>
/// State-changing <c>/api</c> requests authenticate only by token: a page on another site can make the
/// browser send the cookie, never the token, so a cross-site post is simply anonymous (401). Reads —
/// the downloads a browser opens (template, export, label PDF) — may use the cookie.
/// </remarks>
internal static class AuthSetup
{
    public const string ApiPolicy = "Api";
    public const string SignInLimit = "sign-in";
    public const int SignInAttemptsPerMinute = 30;
    private const string ApiScheme = "ApiOrCookieRead";

    public static void AddInventoryAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddKeyProtection();
        new IdentityBuilder(typeof(User), services).AddSignInManager().AddClaimsPrincipalFactory<UserClaimsFactory>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(ApiScheme, "Bearer token; the cookie only for reads", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                    ? ApiTokenHandler.Name
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.Name, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/login";
                o.Cookie.Name = "inventory.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.SlidingExpiration = true;
                // An API client is told 401/403, never redirected to the sign-in page.
                o.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden),
                };
            }));
        // A disabled user's cookie stops working within a minute, as their open pages do.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingUserState>();
        services.AddHttpContextAccessor();
        // An API endpoint takes the caller as a parameter: the Actor of the request's user.
        services.AddScoped(sp => ActorClaims.Of(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User)
            ?? throw new ForbiddenException("Sign in first."));
        services.AddSingleton<SetupState>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Said in words (problem details on the API), so no error page replaces the message.
            o.OnRejected = (rejected, _) => new ValueTask(Results.Problem(
                    "Too many sign-in attempts from this address; wait a minute and try again.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts")
                .ExecuteAsync(rejected.HttpContext));
            // Guessing passwords: a few tries a minute from one address (an office shares one), on the pages and the
            // token endpoint alike; lockout after five wrong passwords guards each user on top.
            o.AddPolicy(SignInLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    public static void UseInventoryAuth(this WebApplication app)
    {
        app.WarnWhenKeysAreUnprotected();
        app.UseAuthentication();
        // First start: until the first administrator exists, every page leads to the setup page (before
        // authorization would send it to the sign-in page, where nobody can sign in yet).
        app.Use(async (context, next) =>
        {
            if (IsPage(context) && await context.RequestServices.GetRequiredService<SetupState>().NeedsSetupAsync(context.RequestServices))
            {
                context.Response.Redirect("/setup");
                return;
            }
            await next();
        });
        app.UseAuthorization();
        app.UseRateLimiter();
    }

    /// <summary>A page a person opens: not the setup page itself, the API, health, or a static file.</summary>
    private static bool IsPage(HttpContext context)
    {
        var path = context.Request.Path;
        return HttpMethods.IsGet(context.Request.Method) && !ApiLimits.IsApi(context) && !Path.HasExtension(path.Value)
               && !path.StartsWithSegments("/setup") && !path.StartsWithSegments("/health")
               && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content");
    }

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        // Machines get the status; a person opening the API reference gets the sign-in page.
        var path = context.HttpContext.Request.Path;
        if ((path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/docs")) || path.StartsWithSegments("/openapi"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Whether the first administrator still has to be created; once they exist, never asked again.</summary>
internal sealed class SetupState
{
    private volatile bool _done;

    public async Task<bool> NeedsSetupAsync(IServiceProvider services)
    {
        if (_done)
            return false;
        var needs = await services.GetRequiredService<AccountService>().NeedsSetupAsync();
        _done = !needs;
        return needs;
    }
}
