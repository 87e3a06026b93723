using Inventory.Domain.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Inventory.Blazor.Auth;

internal static class AccountEndpoints
{
    /// <summary>Sign-out is a form post (with its antiforgery token), so another site cannot sign a user out.</summary>
    public static void MapAccountPages(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<User> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).AllowAnonymous();
}

/// <summary>The OpenAPI document says how to authenticate: <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
internal sealed class BearerSchemeTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A personal API token from POST /api/auth/tokens or the API tokens page.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
