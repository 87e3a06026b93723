using System.Text.Json.Serialization;
using Inventory.Blazor;
using Inventory.Blazor.Api;
using Inventory.Blazor.Auth;
using Inventory.Blazor.Health;
using Inventory.Blazor.Components;
using Inventory.Domain;
using Inventory.Domain.Import;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using MudBlazor.Services;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
if (LaunchCheck.Refusal(builder) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 1;
}
builder.Configuration.AddRepositoryAppSettings();

builder.Services.AddInventoryDomain(builder.Configuration, builder.Environment.ContentRootPath);
builder.AddInventoryAuth();
builder.Services.AddInventoryHealth();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
// Snackbars open at the bottom, centred: at the top right (MudBlazor's default) they lay over the user menu and
// the pages' action buttons, taking the next click for several seconds (issue 26).
builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomCenter);
builder.Services.AddScoped<Inventory.Blazor.Components.Shared.InstanceSelection>();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSchemeTransformer>());
// Enums travel by name only: a number would bind values nobody defined (status 99).
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
// A body that does not bind throws, so BadRequests can answer it with the field named.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

// Uploads up to the configured limit (plus multipart overhead) reach the import, which names the limit itself.
var uploadLimit = (builder.Configuration.GetSection(ImportOptions.Section).Get<ImportOptions>() ?? new()).MaxFileSizeBytes + 1024 * 1024;
builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = uploadLimit);
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = uploadLimit);

var app = builder.Build();
await app.Services.InitializeInventoryDatabaseAsync();

// Behind a reverse proxy on the same machine (docs/operating.md, Several servers) the client's address and scheme
// come from the proxy's X-Forwarded-* headers: sign-in limits then count clients, not the proxy.
// Only loopback proxies are believed (the options' default).
app.UseForwardedHeaders(new ForwardedHeadersOptions
{
    ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
});

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
    app.UseHsts(); // sent only over HTTPS

// The API answers in problem details, never with the HTML error page or a stack trace; pages keep theirs.
app.UseWhen(ApiLimits.IsApi, api =>
{
    if (!app.Environment.IsDevelopment())
        api.UseExceptionHandler();
    api.UseStatusCodePages();
    api.UseMiddleware<ApiLimits>();
    api.UseMiddleware<BadRequests>();
});
app.UseWhen(context => !ApiLimits.IsApi(context), web =>
{
    if (!app.Environment.IsDevelopment())
        web.UseExceptionHandler("/Error", createScopeForErrors: true);
    web.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
    web.UseMiddleware<BadRequests>();
});
app.UseInventoryAuth();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
// The API's description, for signed-in users.
app.MapOpenApi().RequireAuthorization(AuthSetup.ApiPolicy);
app.MapScalarApiReference("/api/docs").RequireAuthorization(AuthSetup.ApiPolicy);
app.MapInventoryHealth();
app.MapAccountPages();
app.MapAccountsApi();
app.MapInstancesApi();
app.MapInventoryApi();
app.MapOrdersApi();
app.MapItemMapApi();
app.MapFallback("/api/{**path}", (HttpContext context) => TypedResults.Problem(
    $"There is no API endpoint {context.Request.Method} {context.Request.Path}; see docs/api.md for the endpoints.",
    statusCode: StatusCodes.Status404NotFound, title: "Not found"));
// Render batches stay compressed, but each message on its own: with context takeover every open page
// kept a deflate stream's window and hash tables (about 300 KB of native memory) for its whole life.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ConfigureWebSocketAcceptContext = (_, accept) =>
{
    accept.DangerousEnableCompression = true;
    accept.DisableServerContextTakeover = true;
    return Task.CompletedTask;
});

app.Run();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
