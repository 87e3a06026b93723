using System.Globalization;
using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Stock;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Inventory.Blazor.Api;

public static class InventoryApi
{
    public sealed record ImportResponse(long ImportId, string Status, int RowsRead, int Created, int Updated, int Unchanged,
        IReadOnlyList<CarriedForward> CarriedForward);

    public sealed record PreviewResponse(
        long ImportId, string Status, int RowsRead, int Created, int Updated, int Unchanged,
        IReadOnlyList<ItemChange> Changes, int ChangeCount, int DroppingToZero, int LargeDrops, int NotInFile,
        DateTime? CountedAt, IReadOnlyList<CarriedForward> CarriedForward, DateTime ExpiresAt, int AsinsMapped);

    public sealed record UndoConflictResponse(string Warehouse, string Sku, UndoConflictReason Reason, string Message);

    public sealed record ImportUndoResponse(long ImportId, string Status, int Reverted, int Untracked,
        IReadOnlyList<UndoConflictResponse> Conflicts, int ConflictCount);

    public sealed record ClearUndoResponse(long ClearId, string Status, int Reverted, IReadOnlyList<UndoConflictResponse> Conflicts,
        int ConflictCount);

    public sealed record ImportItemResponse(long ImportId, string FileName, string User, DateTime At, DateTime? CountedAt, ImportStatus Status,
        int RowsRead, int Created, int Updated, int Unchanged, int ErrorCount, DateTime? AppliedAt, DateTime? UndoneAt, string? UndoneBy)
    {
        public static ImportItemResponse Of(ImportView i) => new(i.Id, i.FileName, i.User, i.At, i.CountedAt, i.Status, i.RowsRead,
            i.Created, i.Updated, i.Unchanged, i.ErrorCount, i.AppliedAt, i.UndoneAt, i.UndoneBy);
    }

    public sealed record ImportsResponse(IReadOnlyList<ImportItemResponse> Items);

    public sealed record ImportDetailsResponse(ImportItemResponse Import, IReadOnlyList<ItemChange> Changes, int ChangeCount);

    /// <param name="LastTransaction">sent, confirmed or refused: how Amazon took the last batch (null for the simulated store).</param>
    public sealed record FeedStatusResponse(bool Enabled, DateTime? LastPushAt, int LastItemCount, string? LastError, int PendingItems,
        string? LastTransaction, string? LastRefusal)
    {
        public static FeedStatusResponse Of(Inventory.Domain.Stock.Feed.FeedStatus s) => new(s.Enabled, s.LastPushAt, s.LastItemCount, s.LastError,
            s.PendingItems, Words.MarketplaceStatus(s.LastTransaction), s.LastRefusal);
    }

    public sealed record StockItemResponse(string Warehouse, string Sku, int Quantity, DateTime UpdatedAt);

    public sealed record StockPageResponse(IReadOnlyList<StockItemResponse> Items, int Total);

    public sealed record ClearBody(bool? All, IReadOnlyList<StockKey>? Items);

    public sealed record ClearResponse(int Cleared, long ClearId);

    public static RouteGroupBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instances/{id:int}/inventory").WithTags("Inventory").AddEndpointFilter<DomainErrorFilter>()
            .RequireAuthorization(Auth.AuthSetup.ApiPolicy);

        group.MapPost("/import", ImportAsync)
            .TakesStockFile()
            .WithSummary("Update Inventory from an .xlsx or .csv file (multipart field 'file', optional 'countedAt'); all or nothing, in one step")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/imports", PreviewAsync)
            .TakesStockFile()
            .WithSummary("Preview a stock file (multipart field 'file', optional 'countedAt'): what applying it would do; nothing changes yet")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/imports/{importId:long}/apply", async (int id, long importId, Actor actor, InventoryService inventory, CancellationToken ct) =>
                TypedResults.Ok(Applied(await inventory.ApplyAsync(id, importId, actor, ct))))
            .WithSummary("Apply a previewed stock file (409 when applied, discarded, or too old already)");

        group.MapPost("/imports/{importId:long}/discard", async (int id, long importId, Actor actor, InventoryService inventory, CancellationToken ct) =>
            {
                await inventory.DiscardAsync(id, importId, actor, ct);
                return TypedResults.Ok(new { importId, status = nameof(ImportStatus.Discarded) });
            })
            .WithSummary("Throw a previewed stock file away");

        group.MapPost("/imports/{importId:long}/undo", async (int id, long importId, Actor actor, InventoryService inventory, CancellationToken ct) =>
            {
                var undo = await inventory.UndoImportAsync(id, importId, actor, ct);
                return TypedResults.Ok(new ImportUndoResponse(undo.Id, nameof(ImportStatus.Undone), undo.Reverted, undo.Untracked,
                    Conflicts(undo), undo.ConflictCount));
            })
            .WithSummary("Undo an applied stock file: its own changes reversed, accepts since kept (409 when undone already)");

        group.MapGet("/imports/{importId:long}", async (int id, long importId, Actor actor, StockQueries stock, CancellationToken ct) =>
            {
                var details = await stock.ImportDetailsAsync(id, importId, actor, ct);
                return TypedResults.Ok(new ImportDetailsResponse(ImportItemResponse.Of(details.Import), details.Changes, details.ChangeCount));
            })
            .WithSummary("One stock file and the items it changed (or would change, while previewed): the first 1,000");

        group.MapPost("/clears/{clearId:long}/undo", async (int id, long clearId, Actor actor, InventoryService inventory, CancellationToken ct) =>
            {
                var undo = await inventory.UndoClearAsync(id, clearId, actor, ct);
                return TypedResults.Ok(new ClearUndoResponse(undo.Id, nameof(ImportStatus.Undone), undo.Reverted, Conflicts(undo), undo.ConflictCount));
            })
            .WithSummary("Undo a Clear Inventory: the items tracked again with the quantities they had, unless tracked again since");

        group.MapGet("/", async (int id, string? search, string? warehouse, int? page, int? pageSize, string? sort, bool? lowStock,
                Actor actor, StockQueries stock, CancellationToken ct) =>
            {
                var (by, descending) = ParseSort(sort);
                var result = await stock.QueryAsync(id,
                    new StockQuery(search, warehouse, page ?? 0, pageSize ?? 50, by, descending, Level: lowStock == true ? StockLevel.Low : null), actor, ct);
                return TypedResults.Ok(new StockPageResponse(
                    result.Items.Select(i => new StockItemResponse(i.Warehouse, i.Sku, i.Quantity, i.UpdatedAt)).ToList(), result.Total));
            })
            .WithSummary("Stock items, paged (page from 0); sort = sku | warehouse | quantity | updatedAt, '-' prefix for descending; " +
                         "lowStock=true: only items at or below the instance's low-stock threshold");

        group.MapPost("/clear", async (int id, ClearBody body, Actor actor, InventoryService inventory, CancellationToken ct) =>
            {
                var request = body.All == true
                    ? ClearRequest.Everything
                    : body.Items is { Count: > 0 } items
                        ? ClearRequest.Selected(items)
                        : throw new ValidationException("items", "Say { \"all\": true } or list the items to clear.");
                var cleared = await inventory.ClearAsync(id, request, actor, ct);
                return TypedResults.Ok(new ClearResponse(cleared.Cleared, cleared.ClearId));
            })
            .WithSummary("Clear Inventory: all items, or the ones listed; they stop being checked");

        group.MapGet("/feed", async (int id, Actor actor, Inventory.Domain.Stock.Feed.InventoryFeed feed, CancellationToken ct) =>
                TypedResults.Ok(FeedStatusResponse.Of(await feed.StatusAsync(id, actor, ct))))
            .WithSummary("The inventory feed to the marketplace: enabled, lastPushAt, lastItemCount, lastError, pendingItems, " +
                         "lastTransaction (sent, confirmed, refused) and lastRefusal");

        group.MapPost("/feed/push", async (int id, Actor actor, Inventory.Domain.Stock.Feed.InventoryFeed feed, CancellationToken ct) =>
            {
                await feed.RequestPushAsync(id, actor, ct);
                return TypedResults.Accepted($"/api/instances/{id}/inventory/feed");
            })
            .WithSummary("Push now: the feed sends every item changed since its last good push at once (Operator)");

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
                TypedResults.Ok(new ImportsResponse((await stock.ImportsAsync(id, actor, ct: ct)).Select(ImportItemResponse.Of).ToList())))
            .WithSummary("The stock files, newest first: who uploaded each, its status (Previewed, Applied, Discarded, Undone, Refused) and what it did");

        return group;
    }

    private static async Task<IResult> ImportAsync(int id, IFormFile? file, [FromForm] string? countedAt, Actor actor,
        InventoryService inventory, CancellationToken ct)
    {
        if (file is null)
            return NoFile();
        var counted = ParseCountedAt(countedAt);
        // IFormFile buffers large uploads to disk, so this stream is seekable as MiniExcel needs.
        await using var content = file.OpenReadStream();
        var result = await inventory.ImportFileAsync(id, file.FileName, content, counted, actor, ct);
        return result.Summary is not null ? TypedResults.Ok(Applied(result)) : Refused(result.Errors, result.ErrorCount);
    }

    private static async Task<IResult> PreviewAsync(int id, IFormFile? file, [FromForm] string? countedAt, Actor actor,
        InventoryService inventory, CancellationToken ct)
    {
        if (file is null)
            return NoFile();
        var counted = ParseCountedAt(countedAt);
        await using var content = file.OpenReadStream();
        var result = await inventory.PreviewFileAsync(id, file.FileName, content, counted, actor, ct);
        if (result.Preview is not { } p)
            return Refused(result.Errors, result.ErrorCount);
        return TypedResults.Created($"/api/instances/{id}/inventory/imports/{p.ImportId}", new PreviewResponse(
            p.ImportId, nameof(ImportStatus.Previewed), p.RowsRead, p.Created, p.Updated, p.Unchanged, p.Changes, p.ChangeCount,
            p.DroppingToZero, p.LargeDrops, p.NotInFile, p.CountedAt, p.CarriedForward, p.ExpiresAt, p.AsinsMapped));
    }

    private static ImportResponse Applied(ImportResult result)
    {
        var s = result.Summary!;
        return new ImportResponse(s.ImportId, nameof(ImportStatus.Applied), s.RowsRead, s.Created, s.Updated, s.Unchanged,
            result.CarriedForward ?? []);
    }

    private static List<UndoConflictResponse> Conflicts(UndoResult undo) =>
        undo.Conflicts.Select(c => new UndoConflictResponse(c.Warehouse, c.Sku, c.Reason, c.Explanation)).ToList();

    /// <summary>ISO 8601; a time without an offset is taken as UTC.</summary>
    private static DateTime? ParseCountedAt(string? countedAt) =>
        string.IsNullOrWhiteSpace(countedAt)
            ? null
            : DateTimeOffset.TryParse(countedAt, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at.UtcDateTime
                : throw new ValidationException("countedAt",
                    $"countedAt must be an ISO 8601 date and time, e.g. 2026-11-28T09:30:00Z, not '{Keys.Display(countedAt)[..Math.Min(40, Keys.Display(countedAt).Length)]}'.");

    private static ProblemHttpResult NoFile() => TypedResults.Problem("Send the stock file as the multipart form field 'file'.",
        statusCode: StatusCodes.Status400BadRequest, title: "No file");

    private static ProblemHttpResult Refused(IReadOnlyList<ImportError> errors, int errorCount) => TypedResults.Problem(
        detail: $"The file was not imported: {errorCount} error(s). Nothing was changed.",
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "Invalid stock file",
        extensions: new Dictionary<string, object?>
        {
            ["errors"] = errors.Select(e => new { row = e.Row, column = e.Column, value = e.Value, message = e.Message }),
            ["errorCount"] = errorCount,
        });

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
        return (ApiValues.Named<StockSort>(name, "sort"), descending);
    }
}
