using Microsoft.AspNetCore.Http.Features;

namespace Inventory.Blazor.Api;

/// <summary>
/// JSON endpoints take small bodies (<c>Api:MaxJsonBodyKb</c>, 1 MB by default) and answer 413 beyond;
/// the endpoints marked <see cref="StockFileUpload"/> (the one-step import and the preview) take stock
/// files up to <c>Import:MaxFileSizeMb</c>, and the import names that limit itself.
/// </summary>
internal sealed class ApiLimits(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _maxJsonBytes = configuration.GetValue("Api:MaxJsonBodyKb", 1024L) * 1024;

    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi");

    // Routing has run (WebApplication puts it first), so the endpoint says it: no path has to be matched here.
    private static bool TakesFiles(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<StockFileUpload>() is not null;

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

/// <summary>An endpoint's metadata: it takes a stock file, so its body may be as large as <c>Import:MaxFileSizeMb</c> allows.</summary>
public sealed class StockFileUpload
{
    public static readonly StockFileUpload Instance = new();

    private StockFileUpload() { }
}

public static class StockFileUploadExtensions
{
    /// <summary>
    /// The endpoint takes a stock file as the multipart field <c>file</c>, as large as the import allows; it is
    /// an automation API without cookies (<c>curl -F file=@stock.xlsx</c>), so no antiforgery token is asked.
    /// </summary>
    public static RouteHandlerBuilder TakesStockFile(this RouteHandlerBuilder endpoint) => endpoint
        .DisableAntiforgery()
        .Accepts<IFormFile>("multipart/form-data")
        .WithMetadata(StockFileUpload.Instance);
}
