using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Stock;

/// <summary>Update Inventory (rules 1, 2), Clear Inventory (rule 3), and the template and export files.</summary>
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

    /// <summary>Applies rows already in memory (seeding, tests, automation): the same path as a file.</summary>
    public Task<ImportResult> ApplyImportAsync(int instanceId, string fileName, IEnumerable<ImportRow> rows, Actor actor,
        CancellationToken ct = default) =>
        ImportAsync(instanceId, fileName, channel =>
        {
            foreach (var row in rows)
                channel.Write(row);
        }, actor, ct);

    /// <summary>Update Inventory from an uploaded .xlsx or .csv (a seekable stream, e.g. a temp file).</summary>
    public async Task<ImportResult> ImportFileAsync(int instanceId, string fileName, Stream content, Actor actor,
        CancellationToken ct = default)
    {
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
            return new ImportResult(null, [ImportErrors.Bounded(ex.Row, ex.Column, ex.Value, ex.Message)], 1);
        }
        return await ImportAsync(instanceId, fileName, channel => SpreadsheetReader.Read(content, format, channel), actor, ct);
    }

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

    /// <summary>
    /// Runs an import: <paramref name="produce"/> parses on its own thread and writes rows (and row
    /// errors) into the channel while this thread stages them; any error anywhere and nothing is applied.
    /// </summary>
    /// <remarks>
    /// At most <see cref="ImportOptions.MaxConcurrent"/> run at once (<see cref="BusyException"/> beyond).
    /// Cancelling <paramref name="ct"/> stops an import that has not started applying, which then
    /// changes nothing; once applying, it completes.
    /// </remarks>
    public async Task<ImportResult> ImportAsync(int instanceId, string fileName, Action<ImportRowChannel> produce,
        Actor actor, CancellationToken ct = default)
    {
        var instance = await LoadInstanceAsync(instanceId, actor, Permission.UpdateInventory, ct);
        if (!await _importSlots.WaitAsync(TimeSpan.Zero, ct))
            throw new BusyException(
                $"{options.Value.MaxConcurrent} stock file(s) are being imported already; try again in a minute.", TimeSpan.FromSeconds(30));
        try
        {
            return await ImportWithSlotAsync(instance, fileName, produce, actor, ct);
        }
        finally
        {
            _importSlots.Release();
        }
    }

    private async Task<ImportResult> ImportWithSlotAsync(Instance instance, string fileName, Action<ImportRowChannel> produce,
        Actor actor, CancellationToken ct)
    {
        var instanceId = instance.Id;
        var errors = new ImportErrors(options.Value.MaxErrors);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = new ImportRowChannel(errors, (row, e) => Check(row, instance.DefaultWarehouse, e), options.Value.MaxRows, stop.Token);
        var producer = Task.Run(() =>
        {
            try
            {
                produce(channel);
                channel.Complete();
            }
            catch (Exception ex)
            {
                channel.Complete(ex);
            }
        }, CancellationToken.None);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var staging = await provider.BeginImportAsync(db, ct);
        try
        {
            await StageAsync(staging, channel, errors, ct);
            staging.Complete();
        }
        catch (ImportFileException ex)
        {
            errors.Add(ex.Row, ex.Column, ex.Value, ex.Message);
            return Refused(errors);
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }

        if (errors.Count == 0 && channel.RowsRead == 0)
            errors.Add(0, string.Empty, null, "The file has no data rows: nothing to import.");
        if (errors.Count > 0)
            return Refused(errors);

        ct.ThrowIfCancellationRequested();
        // From here on the import completes: the apply is one short transaction, all or nothing anyway.
        var summary = await StockLedger.ApplyImportAsync(staging, instanceId, Keys.Display(fileName), actor,
            clock.GetUtcNow().UtcDateTime, channel.RowsRead, CancellationToken.None);
        notifier.Publish(new StockChanged(instanceId));
        if (summary.Created + summary.Updated > 0)
            releases.Request(instanceId);
        return new ImportResult(summary, [], 0);
    }

    /// <summary>Clear Inventory (rule 3): the items stop being tracked, so held orders are re-checked.</summary>
    public async Task<int> ClearAsync(int instanceId, ClearRequest request, Actor actor, CancellationToken ct = default)
    {
        await LoadInstanceAsync(instanceId, actor, Permission.ClearInventory, ct);
        var cleared = await ledger.ClearAsync(instanceId, request, actor, clock.GetUtcNow().UtcDateTime, ct);
        if (cleared > 0)
        {
            notifier.Publish(new StockChanged(instanceId));
            releases.Request(instanceId);
        }
        return cleared;
    }

    /// <summary>The writer's side: only database work, so it keeps up with the parser on the other core.</summary>
    private static async Task StageAsync(IImportStaging staging, ImportRowChannel channel, ImportErrors errors, CancellationToken ct)
    {
        await foreach (var batch in channel.Reader.ReadAllAsync(ct))
            foreach (var row in batch)
                if (!staging.Stage(row.Item, row.Quantity, row.Row))
                    errors.Add(row.Row, "SKU", row.Item.Sku,
                        $"Warehouse {row.Item.Warehouse} and SKU {row.Item.Sku} are already on row {staging.FirstRowOf(row.Item.WarehouseKey, row.Item.SkuKey)}; each may appear once.");
    }

    /// <summary>The domain's checks on a row, whatever produced it (<see cref="Fields"/>); runs on the parser's thread.</summary>
    private static StagedRow? Check(ImportRow row, string defaultWarehouse, ImportErrors errors)
    {
        var item = StockItemKey.Of(string.IsNullOrWhiteSpace(row.Warehouse) ? defaultWarehouse : row.Warehouse, row.Sku);
        var valid = true;
        void Reject(string column, string? value, string? problem)
        {
            if (problem is null)
                return;
            valid = false;
            errors.Add(row.Row, column, value, problem);
        }

        Reject("SKU", row.Sku, Fields.SkuProblem(item.Sku));
        Reject("Warehouse", item.Warehouse, Fields.WarehouseProblem(item.Warehouse));
        if (Fields.StockQuantityProblem(row.Quantity) is { } quantityProblem)
            Reject("Quantity", row.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), quantityProblem);
        return valid ? new StagedRow(row.Row, item, row.Quantity) : null;
    }

    private static ImportResult Refused(ImportErrors errors) => new(null, errors.Snapshot(), errors.Count);

    private async Task<Instance> LoadInstanceAsync(int instanceId, Actor actor, Permission permission, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.EnsureInstanceAsync(instanceId, actor, permission, ct);
    }

    public void Dispose() => _importSlots.Dispose();
}
