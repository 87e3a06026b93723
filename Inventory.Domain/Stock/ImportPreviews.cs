using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Inventory.Domain.Stock;

/// <summary>
/// A stock file read into a preview (rules 2, 14): parsed on one thread while this one checks and stages
/// the rows, and — with no error anywhere — kept under a new Previewed import and compared with the stock,
/// in one transaction. A refused file leaves only its Refused record. <see cref="InventoryService"/>
/// admits the caller and bounds how many run at once; this class does the reading.
/// </summary>
internal sealed class ImportPreviews(
    IDbContextFactory<InventoryDbContext> dbFactory,
    IDatabaseEngine provider,
    IChangeNotifier notifier,
    TimeProvider clock,
    ImportOptions options)
{
    /// <summary>Previews made before this may no longer be applied.</summary>
    public static DateTime PreviewedSince(DateTime now, ImportOptions options) => now.AddMinutes(-options.PreviewMinutes);

    public async Task<PreviewResult> PreviewAsync(Instance instance, string fileName, Action<ImportRowChannel> produce,
        DateTime? countedAt, Actor actor, DateTime now, CancellationToken ct)
    {
        var errors = new ImportErrors(options.MaxErrors);
        var warehouses = new WarehouseLimit(options.MaxWarehouses);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = new ImportRowChannel(errors, (row, e) => Check(row, instance.DefaultWarehouse, warehouses, e), options.MaxRows,
            stop.Token);
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
        }
        catch (ImportFileException ex)
        {
            errors.Add(ex.Row, ex.Column, ex.Value, ex.Message);
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }

        if (errors.Count == 0 && channel.RowsRead == 0)
            errors.Add(0, string.Empty, null, "The file has no data rows: nothing to import.");
        if (errors.Count == 0 && await warehouses.ProblemAsync(db.Database.GetDbConnection(), instance.Id, ct) is { } beyond)
            errors.Add(beyond.Row, beyond.Column, beyond.Value, beyond.Message);
        if (errors.Count > 0)
            return await RefusedAsync(instance.Id, fileName, countedAt, actor, channel.RowsRead, errors);

        ct.ThrowIfCancellationRequested();
        var connection = db.Database.GetDbConnection();
        await ImportRowsSql.DiscardExpiredAsync(connection, instance.Id, PreviewedSince(now, options), ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var record = new InventoryImport(instance.Id, fileName, actor.Name, now, countedAt, ImportStatus.Previewed,
            channel.RowsRead);
        db.Imports.Add(record);
        await db.SaveChangesAsync(ct);
        var transaction = tx.GetDbTransaction();
        await staging.KeepAsync(record.Id, transaction, ct);
        var carried = countedAt is { } since
            ? await ImportRowsSql.CarryForwardAsync(connection, transaction, instance.Id, record.Id, since, ct)
            : [];
        var preview = await ImportRowsSql.PreviewAsync(connection, transaction, instance.Id, record.Id, channel.RowsRead, countedAt,
            carried, now.AddMinutes(options.PreviewMinutes), ct);
        record.Previewed(preview);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        notifier.Publish(new ImportsChanged(instance.Id));
        return new PreviewResult(preview, [], 0);
    }

    /// <summary>
    /// A refused file changes nothing; its record says it was refused, and why in the result. Nothing is
    /// published: the uploader sees the result, and the history shows it on its next change.
    /// </summary>
    public async Task<PreviewResult> RefusedAsync(int instanceId, string fileName, DateTime? countedAt, Actor actor, int rowsRead,
        ImportErrors errors)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.Imports.Add(new InventoryImport(instanceId, fileName, actor.Name, clock.GetUtcNow().UtcDateTime, countedAt,
            ImportStatus.Refused, rowsRead, errors.Count));
        await db.SaveChangesAsync(CancellationToken.None);
        return new PreviewResult(null, errors.Snapshot(), errors.Count);
    }

    /// <summary>The writer's side: only database work, so it keeps up with the parser on the other core.</summary>
    private static async Task StageAsync(IImportStaging staging, ImportRowChannel channel, ImportErrors errors, CancellationToken ct)
    {
        await foreach (var batch in channel.Reader.ReadAllAsync(ct))
            foreach (var row in batch)
                staging.Stage(row.Item, row.Quantity, row.Row, row.Asin);
        await staging.CompleteAsync(repeat => errors.Add(repeat.Row, "SKU", repeat.Sku,
            $"Warehouse {repeat.Warehouse} and SKU {repeat.Sku} are already on row {repeat.FirstRow}; each may appear once."), ct);
    }

    /// <summary>The domain's checks on a row, whatever produced it (<see cref="Fields"/>); runs on the parser's thread.</summary>
    private static StagedRow? Check(ImportRow row, string defaultWarehouse, WarehouseLimit warehouses, ImportErrors errors)
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
        // Checked as the item map's own changes are (ItemMap); an empty cell maps nothing.
        var asin = string.IsNullOrWhiteSpace(row.Asin) ? null : row.Asin.Trim();
        if (asin is not null)
            Reject("ASIN", asin, Fields.AsinProblem(asin));
        if (!valid)
            return null;
        warehouses.Count(row.Row, item);
        return new StagedRow(row.Row, item, row.Quantity, asin);
    }
}
