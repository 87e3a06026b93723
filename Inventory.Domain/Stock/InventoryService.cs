using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Stock;

/// <summary>
/// Update Inventory (rules 1, 2, 14-16: preview, apply, discard, undo), Clear Inventory (rule 3) and its
/// undo, and the template and export files. Reading a file into a preview is <see cref="ImportPreviews"/>'s job.
/// </summary>
public sealed class InventoryService(
    IDbContextFactory<InventoryDbContext> dbFactory,
    IDatabaseEngine provider,
    StockLedger ledger,
    IChangeNotifier notifier,
    TimeProvider clock,
    IOptions<ImportOptions> options,
    HeldOrderReleaseRequests releases) : IDisposable
{
    // A large import takes a core and a few hundred MB while it runs: a server runs only so many at once.
    private readonly SemaphoreSlim _importSlots = new(Math.Max(1, options.Value.MaxConcurrent));
    private readonly ImportPreviews _previews = new(dbFactory, provider, notifier, clock, options.Value);

    /// <summary>Applies rows already in memory (seeding, tests, automation): the same path as a file.</summary>
    public Task<ImportResult> ApplyImportAsync(int instanceId, string fileName, IEnumerable<ImportRow> rows, Actor actor,
        CancellationToken ct = default) =>
        ImportAsync(instanceId, fileName, channel =>
        {
            foreach (var row in rows)
                channel.Write(row);
        }, actor, ct);

    /// <summary>Update Inventory from an uploaded .xlsx or .csv (a seekable stream, e.g. a temp file), in one step.</summary>
    public Task<ImportResult> ImportFileAsync(int instanceId, string fileName, Stream content, Actor actor,
        CancellationToken ct = default) =>
        ImportFileAsync(instanceId, fileName, content, countedAt: null, actor, ct);

    /// <summary>
    /// Update Inventory in one step: the preview and the apply in one call. <paramref name="countedAt"/>
    /// says when the count in the file was taken (null: now); what was accepted or restocked since is carried forward.
    /// </summary>
    public async Task<ImportResult> ImportFileAsync(int instanceId, string fileName, Stream content, DateTime? countedAt, Actor actor,
        CancellationToken ct = default) =>
        await ApplyPreviewedAsync(instanceId, await PreviewFileAsync(instanceId, fileName, content, countedAt, actor, ct), actor);

    /// <summary>
    /// Reads and checks a stock file exactly as an import does and keeps its rows, but changes no stock:
    /// the result says what applying it would do. A file with errors is refused here.
    /// </summary>
    public async Task<PreviewResult> PreviewFileAsync(int instanceId, string fileName, Stream content, DateTime? countedAt, Actor actor,
        CancellationToken ct = default)
    {
        fileName = Fields.FileName(fileName);
        SpreadsheetFormat format;
        try
        {
            format = SpreadsheetReader.FormatOf(fileName);
            if (content.Length > options.Value.MaxFileSizeBytes)
                throw new ImportFileException(
                    $"The file is {content.Length / (1024.0 * 1024):N1} MB; the limit is {options.Value.MaxFileSizeMb} MB.");
        }
        catch (ImportFileException ex)
        {
            await LoadInstanceAsync(instanceId, actor, Permission.UpdateInventory, ct);
            var refused = new ImportErrors(1);
            refused.Add(ex.Row, ex.Column, ex.Value, ex.Message);
            return await _previews.RefusedAsync(instanceId, fileName, countedAt, actor, 0, refused);
        }
        return await PreviewAsync(instanceId, fileName, channel => SpreadsheetReader.Read(content, format, channel), countedAt, actor, ct);
    }

    /// <summary>
    /// Runs an import in one step: <paramref name="produce"/> parses on its own thread and writes rows
    /// (and row errors) into the channel while this thread stages them; any error anywhere and nothing is applied.
    /// </summary>
    public async Task<ImportResult> ImportAsync(int instanceId, string fileName, Action<ImportRowChannel> produce,
        Actor actor, CancellationToken ct = default) =>
        await ApplyPreviewedAsync(instanceId, await PreviewAsync(instanceId, fileName, produce, countedAt: null, actor, ct), actor);

    /// <summary>
    /// The one-step import's second half: the preview just made is applied in the same call, so it cannot
    /// have grown old; once applying it completes (not cancellable). A refused file is its own result.
    /// </summary>
    private async Task<ImportResult> ApplyPreviewedAsync(int instanceId, PreviewResult preview, Actor actor) =>
        preview.Preview is { } p
            ? await ApplyAsync(instanceId, p.ImportId, actor, oneStep: true, CancellationToken.None)
            : new ImportResult(null, preview.Errors, preview.ErrorCount);

    /// <summary>
    /// Previews an import: <paramref name="produce"/> parses on its own thread and writes rows (and row
    /// errors) into the channel while this thread stages them; with no error anywhere, the rows are kept
    /// under a new Previewed import and compared with the stock.
    /// </summary>
    /// <remarks>
    /// At most <see cref="ImportOptions.MaxConcurrent"/> run at once (<see cref="BusyException"/> beyond).
    /// Cancelling <paramref name="ct"/> stops it, and then it leaves nothing behind.
    /// </remarks>
    public async Task<PreviewResult> PreviewAsync(int instanceId, string fileName, Action<ImportRowChannel> produce,
        DateTime? countedAt, Actor actor, CancellationToken ct = default)
    {
        var instance = await LoadInstanceAsync(instanceId, actor, Permission.UpdateInventory, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var counted = countedAt?.ToUniversalTime();
        if (counted > now.AddMinutes(1))
            throw new ValidationException("countedAt", $"countedAt ({counted:yyyy-MM-dd HH:mm} UTC) is in the future; say when the count was taken.");
        if (!await _importSlots.WaitAsync(TimeSpan.Zero, ct))
            throw new BusyException(
                $"{options.Value.MaxConcurrent} stock file(s) are being imported already; try again in a minute.", TimeSpan.FromSeconds(30));
        try
        {
            return await _previews.PreviewAsync(instance, fileName, produce, counted, actor, now, ct);
        }
        finally
        {
            _importSlots.Release();
        }
    }

    /// <summary>Applies a previewed import, as previewed but with the stock as it is now (and its count carried forward again).</summary>
    public Task<ImportResult> ApplyAsync(int instanceId, long importId, Actor actor, CancellationToken ct = default) =>
        ApplyAsync(instanceId, importId, actor, oneStep: false, ct);

    /// <param name="oneStep">Applied straight after its own preview, in the same call: it cannot have grown old.</param>
    private async Task<ImportResult> ApplyAsync(int instanceId, long importId, Actor actor, bool oneStep, CancellationToken ct)
    {
        await LoadInstanceAsync(instanceId, actor, Permission.UpdateInventory, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var applied = await ledger.ApplyImportAsync(
            new ImportApplication(instanceId, importId, actor.Name, now, oneStep ? DateTime.MinValue : PreviewedSince(now)), ct);
        // New mappings may name what an order held with "Unknown item" waits for: the same re-match as a
        // change of the item map (ItemMap), after the commit, off the seller's wait like the stock's re-check.
        StockChanged(instanceId, recheckHeld: applied.Summary.Created + applied.Summary.Updated + applied.AsinsMapped > 0);
        return new ImportResult(applied.Summary, [], 0, applied.CarriedForward);
    }

    /// <summary>Throws a previewed import away: it can no longer be applied, and its kept rows go.</summary>
    public async Task DiscardAsync(int instanceId, long importId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.UpdateInventory, ct);
        var record = await db.Imports.SingleOrDefaultAsync(i => i.Id == importId && i.InstanceId == instanceId, ct)
            ?? throw new NotFoundException($"Import {importId} does not exist in this instance.");
        record.Discard();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await ImportRowsSql.DeleteRowsAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), importId, ct);
        await tx.CommitAsync(ct);
        notifier.Publish(new ImportsChanged(instanceId));
    }

    /// <summary>Undo of an import: its own changes reversed, every accept and count since kept; held orders re-checked.</summary>
    public async Task<UndoResult> UndoImportAsync(int instanceId, long importId, Actor actor, CancellationToken ct = default) =>
        Undone(instanceId, await ledger.UndoImportAsync(instanceId, importId, actor, clock.GetUtcNow().UtcDateTime, ct));

    /// <summary>Undo of a clear: the items tracked again as they were, unless tracked again since; held orders re-checked.</summary>
    public async Task<UndoResult> UndoClearAsync(int instanceId, long clearId, Actor actor, CancellationToken ct = default) =>
        Undone(instanceId, await ledger.UndoClearAsync(instanceId, clearId, actor, clock.GetUtcNow().UtcDateTime, ct));

    private UndoResult Undone(int instanceId, UndoResult undo)
    {
        StockChanged(instanceId, recheckHeld: undo.Reverted + undo.Untracked > 0);
        return undo;
    }

    /// <summary>After a stock change commits: pages re-query, and held orders are re-checked when any item changed.</summary>
    private void StockChanged(int instanceId, bool recheckHeld)
    {
        notifier.Publish(new StockChanged(instanceId));
        if (recheckHeld)
            releases.Request(instanceId);
    }

    private DateTime PreviewedSince(DateTime now) => ImportPreviews.PreviewedSince(now, options.Value);

    /// <summary>The template: the header row and one example row in the instance's default warehouse.</summary>
    public async Task WriteTemplateAsync(int instanceId, Stream output, SpreadsheetFormat format, Actor actor, CancellationToken ct = default)
    {
        var instance = await LoadInstanceAsync(instanceId, actor, Permission.View, ct);
        SpreadsheetWriter.Write(output, format, [(instance.DefaultWarehouse, "SKU-00123", 25)]);
    }

    /// <summary>The instance's stock in the import layout: re-importing it changes nothing.</summary>
    public async Task WriteExportAsync(int instanceId, Stream output, SpreadsheetFormat format, Actor actor, CancellationToken ct = default)
    {
        await LoadInstanceAsync(instanceId, actor, Permission.View, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.StockOf(instanceId).AsNoTracking()
            .OrderBy(s => s.SkuKey).ThenBy(s => s.WarehouseKey) // the unique index's order: no sort of the whole stock
            .Select(s => new { s.Warehouse, s.Sku, s.Quantity })
            .AsEnumerable()
            .Select(s => (s.Warehouse, s.Sku, s.Quantity));
        SpreadsheetWriter.Write(output, format, rows);
    }

    /// <summary>Clear Inventory (rule 3): the items stop being tracked, so held orders are re-checked.</summary>
    public async Task<ClearResult> ClearAsync(int instanceId, ClearRequest request, Actor actor, CancellationToken ct = default)
    {
        var cleared = await ledger.ClearAsync(instanceId, request, actor, clock.GetUtcNow().UtcDateTime, ct);
        StockChanged(instanceId, recheckHeld: cleared.Cleared > 0);
        return cleared;
    }

    private async Task<Instance> LoadInstanceAsync(int instanceId, Actor actor, Permission permission, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.EnsureInstanceAsync(instanceId, actor, permission, ct);
    }

    public void Dispose() => _importSlots.Dispose();
}
