using System.Data.Common;
using System.Globalization;
using Inventory.Domain.Import;
using Inventory.Domain.Persistence;

namespace Inventory.Domain.Stock;

/// <summary>
/// The most warehouses an instance may have (<see cref="ImportOptions.MaxWarehouses"/>): only a stock file
/// brings new ones, so a file that would take the instance beyond the limit is refused at preview. Every
/// page that offers an instance's warehouses stays small for it, whatever a file named.
/// </summary>
/// <remarks>
/// The file's own codes are counted as the parser reads them, in a set that never holds more than the
/// limit: a file of 100,000 codes stops at the first one past it, on the parser's thread. The
/// instance's codes are added once the whole file is read and valid.
/// </remarks>
internal sealed class WarehouseLimit(int max)
{
    public const string Setting = "Import:MaxWarehouses";

    private readonly int _max = Math.Max(1, max);
    private readonly HashSet<string> _inFile = new(StringComparer.Ordinal);

    /// <summary>Counts a checked row's warehouse; past the limit it ends the read, naming the row and code.</summary>
    public void Count(int row, StockItemKey item)
    {
        if (_inFile.Contains(item.WarehouseKey))
            return;
        if (_inFile.Count == _max)
            throw new ImportFileException(row, "Warehouse", item.Warehouse,
                $"This file names more than {N(_max)} warehouses; an instance has at most {N(_max)} ({Setting}).");
        _inFile.Add(item.WarehouseKey);
    }

    /// <summary>
    /// The error for a file whose new warehouses, beside the instance's, would pass the limit; null when
    /// it fits. A file that brings no new warehouse always fits, so an instance stocked before the limit
    /// (or before it was lowered) can still be counted.
    /// </summary>
    public async Task<ImportError?> ProblemAsync(DbConnection connection, int instanceId, CancellationToken ct)
    {
        var existing = await WarehousesSql.CountAsync(connection, instanceId, _max + 1, ct);
        if (existing + _inFile.Count <= _max)
            return null;
        var added = await WarehousesSql.CountMissingAsync(connection, instanceId, _inFile, ct);
        if (added == 0 || existing + added <= _max)
            return null;
        var total = existing > _max ? $"more than {N(_max)}" : N(existing + added);
        return ImportErrors.Bounded(0, "Warehouse", null,
            $"This file would give the instance {total} warehouses ({N(added)} new); an instance has at most {N(_max)} ({Setting}).");
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
