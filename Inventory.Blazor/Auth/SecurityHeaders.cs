namespace Inventory.Blazor.Auth;

/// <summary>
/// Headers on every response that keep the app's pages from being framed, sniffed or made to load
/// script from elsewhere. The CSP allows exactly what Blazor Server and MudBlazor need: their own
/// scripts from this origin, the circuit's WebSocket back to it, and inline styles (MudBlazor sets
/// style attributes and the theme's variables inline).
/// </summary>
internal static class SecurityHeaders
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static void UseSecurityHeaders(this WebApplication app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // The API reference (Scalar) loads its own script and styles: only in Development, never framed.
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs")
                ? "frame-ancestors 'self'"
                : Policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "SAMEORIGIN";
            return Task.CompletedTask;
        });
        await next();
    });
}
