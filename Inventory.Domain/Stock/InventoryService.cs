using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Stock;

/// <summary>Update Inventory (rules 1, 2), Clear Inventory (rule 3) and the stock queries.</summary>
public sealed class InventoryService(
    IDbContextFactory<InventoryDbContext> dbFactory,
    IChangeNotifier notifier,
    TimeProvider clock,
    IOptions<ImportOptions> options,
    HeldOrderReleaseQueue releases)
{
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
            await LoadInstanceAsync(instanceId, ct);
            return new ImportResult(null, [new ImportError(ex.Row, ex.Column, ex.Value ?? string.Empty, ex.Message)], 1);
        }
        return await ImportAsync(instanceId, fileName, channel => SpreadsheetReader.Read(content, format, channel), actor, ct);
    }

    /// <summary>The template: the header row and one example row in the instance's default warehouse.</summary>
    public async Task WriteTemplateAsync(int instanceId, Stream output, SpreadsheetFormat format, CancellationToken ct = default)
    {
        var instance = await LoadInstanceAsync(instanceId, ct);
        SpreadsheetWriter.Write(output, format, [(instance.DefaultWarehouse, "SKU-00123", 25)]);
    }

    /// <summary>The instance's stock in the import layout: re-importing it changes nothing.</summary>
    public async Task WriteExportAsync(int instanceId, Stream output, SpreadsheetFormat format, CancellationToken ct = default)
    {
        await LoadInstanceAsync(instanceId, ct);
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
    public async Task<ImportResult> ImportAsync(int instanceId, string fileName, Action<ImportRowChannel> produce,
        Actor actor, CancellationToken ct = default)
    {
        var instance = await LoadInstanceAsync(instanceId, ct);
        var errors = new ImportErrors(options.Value.MaxErrors);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = new ImportRowChannel(errors, (row, e) => Check(row, instance.DefaultWarehouse, e), MaxRows, stop.Token);
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
        await db.Database.OpenConnectionAsync(ct);
        await using var sql = new ImportSql((SqliteConnection)db.Database.GetDbConnection());
        int rowsRead;
        try
        {
            await sql.BeginStagingAsync(ct);
            await StageAsync(sql, channel, errors, ct);
            sql.EndStaging();
            rowsRead = channel.RowsRead;
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

        if (errors.Count == 0 && rowsRead == 0)
            errors.Add(0, string.Empty, null, "The file has no data rows: nothing to import.");
        if (errors.Count > 0)
            return Refused(errors);

        var summary = await sql.ApplyAsync(instanceId, Keys.Display(fileName), actor.Name,
            clock.GetUtcNow().UtcDateTime, rowsRead, ct);
        notifier.Publish(new StockChanged(instanceId));
        if (summary.Created + summary.Updated > 0)
            releases.Request(instanceId);
        return new ImportResult(summary, [], 0);
    }

    private int MaxRows => options.Value.MaxRows;

    /// <summary>The writer's side: only SQLite work, so it keeps up with the parser on the other core.</summary>
    private static async Task StageAsync(ImportSql sql, ImportRowChannel channel, ImportErrors errors, CancellationToken ct)
    {
        await foreach (var batch in channel.Reader.ReadAllAsync(ct))
            foreach (var row in batch)
                if (!sql.Stage(row.WarehouseKey, row.SkuKey, row.Warehouse, row.Sku, row.Quantity, row.Row))
                    errors.Add(row.Row, "SKU", row.Sku,
                        $"Warehouse {row.Warehouse} and SKU {row.Sku} are already on row {sql.FirstRowOf(row.WarehouseKey, row.SkuKey)}; each may appear once.");
    }

    /// <summary>The domain's own checks on a row, whatever produced it; runs on the parser's thread.</summary>
    private static StagedRow? Check(ImportRow row, string defaultWarehouse, ImportErrors errors)
    {
        var sku = Keys.Display(row.Sku);
        var warehouse = string.IsNullOrWhiteSpace(row.Warehouse) ? defaultWarehouse : Keys.Display(row.Warehouse);
        var valid = true;
        void Reject(string column, string? value, string message)
        {
            valid = false;
            errors.Add(row.Row, column, value, message);
        }

        if (sku.Length == 0)
            Reject("SKU", row.Sku, "SKU is empty.");
        else if (sku.Length > 100)
            Reject("SKU", sku, "SKU is longer than 100 characters.");
        if (warehouse.Length > Instance.WarehouseMaxLength)
            Reject("Warehouse", warehouse, $"Warehouse code is longer than {Instance.WarehouseMaxLength} characters.");
        if (row.Quantity < 0)
            Reject("Quantity", row.Quantity.ToString(), "Quantity must be a whole number of 0 or more.");
        return valid ? new StagedRow(row.Row, warehouse, Keys.Normalize(warehouse), sku, Keys.Normalize(sku), row.Quantity) : null;
    }

    private static ImportResult Refused(ImportErrors errors) => new(null, errors.Snapshot(), errors.Count);

    /// <summary>Clear Inventory: the items stop being tracked; the ledger keeps what was cleared.</summary>
    public async Task<int> ClearAsync(int instanceId, ClearRequest request, Actor actor, CancellationToken ct = default)
    {
        await LoadInstanceAsync(instanceId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        int cleared;
        if (request.All)
        {
            await using (var ledger = StockSql.Command(db, """
                INSERT INTO "StockMovements" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Change",
                    "QuantityAfter", "Reason", "OrderId", "ImportId", "User", "At")
                SELECT "InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", -"Quantity", 0, 'Clear', NULL, NULL, $user, $now
                FROM "StockItems" WHERE "InstanceId" = $instance
                """, ("$instance", instanceId), ("$user", actor.Name), ("$now", now)))
                await ledger.ExecuteNonQueryAsync(ct);
            cleared = await db.StockOf(instanceId).ExecuteDeleteAsync(ct);
        }
        else
        {
            cleared = 0;
            foreach (var key in request.Items.DistinctBy(k => (Keys.Normalize(k.Warehouse), Keys.Normalize(k.Sku))))
            {
                var (warehouseKey, skuKey) = (Keys.Normalize(key.Warehouse), Keys.Normalize(key.Sku));
                var item = await db.StockOf(instanceId)
                    .SingleOrDefaultAsync(s => s.WarehouseKey == warehouseKey && s.SkuKey == skuKey, ct);
                if (item is null)
                    continue;
                db.StockMovements.Add(new StockMovement(instanceId, item.Warehouse, warehouseKey, item.Sku, skuKey,
                    -item.Quantity, 0, MovementReason.Clear, actor.Name, now));
                db.StockItems.Remove(item);
                cleared++;
            }
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        if (cleared > 0)
            notifier.Publish(new StockChanged(instanceId));
        return cleared;
    }

    public async Task<Page<StockItemView>> QueryAsync(int instanceId, StockQuery query, CancellationToken ct = default)
    {
        await LoadInstanceAsync(instanceId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = db.StockOf(instanceId).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = Keys.Normalize(query.Search);
            items = items.Where(s => s.SkuKey.Contains(search));
        }
        if (!string.IsNullOrWhiteSpace(query.Warehouse))
        {
            var warehouse = Keys.Normalize(query.Warehouse);
            items = items.Where(s => s.WarehouseKey == warehouse);
        }
        var total = await items.CountAsync(ct);
        items = (query.Sort, query.Descending) switch
        {
            (StockSort.Warehouse, false) => items.OrderBy(s => s.WarehouseKey).ThenBy(s => s.SkuKey),
            (StockSort.Warehouse, true) => items.OrderByDescending(s => s.WarehouseKey).ThenBy(s => s.SkuKey),
            (StockSort.Quantity, false) => items.OrderBy(s => s.Quantity).ThenBy(s => s.SkuKey),
            (StockSort.Quantity, true) => items.OrderByDescending(s => s.Quantity).ThenBy(s => s.SkuKey),
            (StockSort.UpdatedAt, false) => items.OrderBy(s => s.UpdatedAt).ThenBy(s => s.Id),
            (StockSort.UpdatedAt, true) => items.OrderByDescending(s => s.UpdatedAt).ThenBy(s => s.Id),
            (_, true) => items.OrderByDescending(s => s.SkuKey).ThenBy(s => s.WarehouseKey),
            _ => items.OrderBy(s => s.SkuKey).ThenBy(s => s.WarehouseKey),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, 1000);
        var page = await items.Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(s => new StockItemView(s.Id, s.Warehouse, s.Sku, s.Quantity, s.UpdatedAt))
            .ToListAsync(ct);
        return new Page<StockItemView>(page, total);
    }

    public async Task<IReadOnlyList<string>> WarehousesAsync(int instanceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.StockOf(instanceId).Select(s => s.Warehouse).Distinct().OrderBy(w => w).ToListAsync(ct);
    }

    /// <summary>Some of the instance's items (for the simulated marketplace), from a random place in the list.</summary>
    public async Task<IReadOnlyList<StockItemView>> SampleAsync(int instanceId, int count, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stock = db.StockOf(instanceId).AsNoTracking();
        var total = await stock.CountAsync(ct);
        return await stock.OrderBy(s => s.SkuKey).ThenBy(s => s.WarehouseKey)
            .Skip(total <= count ? 0 : Random.Shared.Next(total - count))
            .Take(count)
            .Select(s => new StockItemView(s.Id, s.Warehouse, s.Sku, s.Quantity, s.UpdatedAt))
            .ToListAsync(ct);
    }

    public async Task<StockSummary> SummaryAsync(int instanceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stock = db.StockOf(instanceId);
        return new StockSummary(await stock.CountAsync(ct), await stock.CountAsync(s => s.Quantity <= 0, ct));
    }

    /// <summary>The ledger of one SKU (in one warehouse, or all), newest first.</summary>
    public async Task<IReadOnlyList<MovementView>> MovementsAsync(int instanceId, string? sku = null, string? warehouse = null,
        int limit = 500, CancellationToken ct = default)
    {
        await LoadInstanceAsync(instanceId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var movements = db.MovementsOf(instanceId).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(sku))
        {
            var skuKey = Keys.Normalize(sku);
            movements = movements.Where(m => m.SkuKey == skuKey);
        }
        if (!string.IsNullOrWhiteSpace(warehouse))
        {
            var warehouseKey = Keys.Normalize(warehouse);
            movements = movements.Where(m => m.WarehouseKey == warehouseKey);
        }
        return await movements
            .OrderByDescending(m => m.Id)
            .Take(Math.Clamp(limit, 1, 10_000))
            .Select(m => new MovementView(m.Id, m.At, m.Warehouse, m.Sku, m.Change, m.QuantityAfter, m.Reason, m.User,
                m.OrderId, db.Orders.Where(o => o.Id == m.OrderId).Select(o => o.OrderNumber).FirstOrDefault(), m.ImportId))
            .ToListAsync(ct);
    }

    /// <summary>What an import created or changed, as its ledger rows say (unchanged items have none).</summary>
    public async Task<Page<MovementView>> ImportedAsync(int instanceId, long importId, int limit = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var movements = db.MovementsOf(instanceId).AsNoTracking().Where(m => m.ImportId == importId);
        var items = await movements.OrderBy(m => m.Id).Take(limit)
            .Select(m => new MovementView(m.Id, m.At, m.Warehouse, m.Sku, m.Change, m.QuantityAfter, m.Reason, m.User, null, null, m.ImportId))
            .ToListAsync(ct);
        return new Page<MovementView>(items, await movements.CountAsync(ct));
    }

    private async Task<Instance> LoadInstanceAsync(int instanceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, ct)
            ?? throw new NotFoundException($"Instance {instanceId} does not exist.");
    }
}
