using Microsoft.AspNetCore.Http.Features;

namespace Inventory.Blazor.Api;

/// <summary>
/// JSON endpoints take small bodies (<c>Api:MaxJsonBodyKb</c>, 1 MB by default) and answer 413 beyond;
/// only the stock-file import takes large ones, up to <c>Import:MaxFileSizeMb</c>.
/// </summary>
internal sealed class ApiLimits(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _maxJsonBytes = configuration.GetValue("Api:MaxJsonBodyKb", 1024L) * 1024;

    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi");

    private static bool TakesFiles(HttpContext context) =>
        context.Request.Path.Value?.EndsWith("/inventory/import", StringComparison.OrdinalIgnoreCase) == true;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!TakesFiles(context))
        {
            if (context.Request.ContentLength > _maxJsonBytes)
            {
                await TooLargeAsync(context);
                return;
            }
            // A body sent without a length (chunked) is cut off by the server at the same size.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = _maxJsonBytes;
        }
        await next(context);
    }

    private Task TooLargeAsync(HttpContext context) =>
        TypedResults.Problem(
            $"The request body is {context.Request.ContentLength / 1024:N0} KB; this endpoint takes at most {_maxJsonBytes / 1024:N0} KB.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large").ExecuteAsync(context);
}
