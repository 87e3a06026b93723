using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Stock;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Inventory.Blazor.Api;

public static class InventoryApi
{
    public sealed record ImportResponse(long ImportId, int RowsRead, int Created, int Updated, int Unchanged);

    public sealed record StockItemResponse(string Warehouse, string Sku, int Quantity, DateTime UpdatedAt);

    public sealed record StockPageResponse(IReadOnlyList<StockItemResponse> Items, int Total);

    public sealed record ClearBody(bool? All, IReadOnlyList<StockKey>? Items);

    public sealed record ClearResponse(int Cleared);

    public static RouteGroupBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instances/{id:int}/inventory").WithTags("Inventory").AddEndpointFilter<DomainErrorFilter>()
            .RequireAuthorization(Auth.AuthSetup.ApiPolicy);

        group.MapPost("/import", ImportAsync)
            .DisableAntiforgery() // an automation API without cookies: curl -F file=@stock.xlsx
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Update Inventory from an .xlsx or .csv file (multipart field 'file'); all or nothing")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/", async (int id, string? search, string? warehouse, int? page, int? pageSize, string? sort,
                Actor actor, StockQueries stock, CancellationToken ct) =>
            {
                var (by, descending) = ParseSort(sort);
                var result = await stock.QueryAsync(id, new StockQuery(search, warehouse, page ?? 0, pageSize ?? 50, by, descending), actor, ct);
                return TypedResults.Ok(new StockPageResponse(
                    result.Items.Select(i => new StockItemResponse(i.Warehouse, i.Sku, i.Quantity, i.UpdatedAt)).ToList(), result.Total));
            })
            .WithSummary("Stock items, paged (page from 0); sort = sku | warehouse | quantity | updatedAt, '-' prefix for descending");

        group.MapPost("/clear", async (int id, ClearBody body, Actor actor, InventoryService inventory, CancellationToken ct) =>
            {
                var request = body.All == true
                    ? ClearRequest.Everything
                    : body.Items is { Count: > 0 } items
                        ? ClearRequest.Selected(items)
                        : throw new ValidationException("items", "Say { \"all\": true } or list the items to clear.");
                return TypedResults.Ok(new ClearResponse(await inventory.ClearAsync(id, request, actor, ct)));
            })
            .WithSummary("Clear Inventory: all items, or the ones listed; they stop being checked");

        group.MapGet("/template", (int id, string? format, Actor actor, InventoryService inventory, CancellationToken ct) =>
                SpreadsheetAsync(format, "inventory-template", (stream, f) => inventory.WriteTemplateAsync(id, stream, f, actor, ct)))
            .WithSummary("The import template (format = xlsx | csv)");

        group.MapGet("/export", (int id, string? format, Actor actor, InventoryService inventory, CancellationToken ct) =>
                SpreadsheetAsync(format, $"inventory-{id}", (stream, f) => inventory.WriteExportAsync(id, stream, f, actor, ct)))
            .WithSummary("The current stock in the import layout (format = xlsx | csv)");

        group.MapGet("/movements", async (int id, string? sku, string? warehouse, Actor actor, StockQueries stock, CancellationToken ct) =>
                TypedResults.Ok(await stock.MovementsAsync(id, actor, sku, warehouse, ct: ct)))
            .WithSummary("The ledger: stock movements, newest first, optionally for one SKU and warehouse");

        group.MapGet("/imports", async (int id, Actor actor, StockQueries stock, CancellationToken ct) =>
                TypedResults.Ok(await stock.ImportsAsync(id, actor, ct: ct)))
            .WithSummary("The stock files applied, newest first, with who uploaded each and what it did");

        return group;
    }

    private static async Task<IResult> ImportAsync(int id, IFormFile? file, Actor actor, InventoryService inventory,
        IOptions<ImportOptions> options, CancellationToken ct)
    {
        if (file is null)
            return TypedResults.Problem("Send the stock file as the multipart form field 'file'.",
                statusCode: StatusCodes.Status400BadRequest, title: "No file");
        // IFormFile buffers large uploads to disk, so this stream is seekable as MiniExcel needs.
        await using var content = file.OpenReadStream();
        var result = await inventory.ImportFileAsync(id, file.FileName, content, actor, ct);
        if (result.Summary is { } s)
            return TypedResults.Ok(new ImportResponse(s.ImportId, s.RowsRead, s.Created, s.Updated, s.Unchanged));
        return TypedResults.Problem(
            detail: $"The file was not imported: {result.ErrorCount} error(s). Nothing was changed.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Invalid stock file",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = result.Errors.Select(e => new { row = e.Row, column = e.Column, value = e.Value, message = e.Message }),
                ["errorCount"] = result.ErrorCount,
            });
    }

    private static async Task<IResult> SpreadsheetAsync(string? format, string name, Func<Stream, SpreadsheetFormat, Task> write)
    {
        SpreadsheetFormat spreadsheet;
        switch (format?.ToLowerInvariant())
        {
            case null or "" or "xlsx": spreadsheet = SpreadsheetFormat.Xlsx; break;
            case "csv": spreadsheet = SpreadsheetFormat.Csv; break;
            default: throw new ValidationException("format", $"format must be xlsx or csv, not '{format}'.");
        }
        // MiniExcel writes synchronously, which Kestrel refuses on the response body: write a temp file, then stream it.
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose);
        await write(temp, spreadsheet);
        temp.Position = 0;
        return TypedResults.File(temp, SpreadsheetWriter.ContentType(spreadsheet), name + SpreadsheetWriter.Extension(spreadsheet));
    }

    private static (StockSort, bool) ParseSort(string? sort)
    {
        if (string.IsNullOrWhiteSpace(sort))
            return (StockSort.Sku, false);
        var descending = sort.StartsWith('-');
        var name = sort.TrimStart('-', '+');
        return Enum.TryParse<StockSort>(name, ignoreCase: true, out var by)
            ? (by, descending)
            : throw new ValidationException("sort", $"sort must be one of sku, warehouse, quantity, updatedAt (with '-' for descending), not '{sort}'.");
    }
}
