namespace Inventory.Domain.Stock;

/// <summary>Where a stock file stands: read and shown, applied, thrown away, taken back, or refused.</summary>
public enum ImportStatus { Previewed, Applied, Discarded, Undone, Refused }

/// <summary>
/// One stock file as it went: previewed (its rows kept aside, nothing changed), then applied or
/// discarded, and an applied one possibly undone; a refused file keeps only this record.
/// </summary>
public class InventoryImport
{
    private InventoryImport() { }

    public InventoryImport(int instanceId, string fileName, string user, DateTime at, DateTime? countedAt, ImportStatus status,
        int rowsRead, int errorCount = 0)
    {
        InstanceId = instanceId;
        FileName = Common.Fields.FileName(fileName);
        User = user;
        At = at;
        CountedAt = countedAt;
        Status = status;
        RowsRead = rowsRead;
        ErrorCount = errorCount;
    }

    public long Id { get; private set; }
    public int InstanceId { get; private set; }
    public string FileName { get; private set; } = string.Empty;

    /// <summary>Who uploaded the file.</summary>
    public string User { get; private set; } = string.Empty;

    /// <summary>When the file was uploaded (and previewed).</summary>
    public DateTime At { get; private set; }

    /// <summary>When the count in the file was taken, when the uploader said so: later accepts and restocks are carried forward.</summary>
    public DateTime? CountedAt { get; private set; }

    public int RowsRead { get; private set; }

    /// <summary>As previewed until applied, then as applied.</summary>
    public int Created { get; private set; }

    public int Updated { get; private set; }
    public int Unchanged { get; private set; }
    public int ErrorCount { get; private set; }
    public ImportStatus Status { get; private set; }
    public DateTime? AppliedAt { get; private set; }
    public string? AppliedBy { get; private set; }
    public DateTime? UndoneAt { get; private set; }
    public string? UndoneBy { get; private set; }

    /// <summary>What the preview found the file would do.</summary>
    internal void Previewed(ImportPreview preview) => (Created, Updated, Unchanged) = (preview.Created, preview.Updated, preview.Unchanged);

    /// <summary>The seller decided against it: it can no longer be applied.</summary>
    internal void Discard()
    {
        if (Status != ImportStatus.Previewed)
            throw new Common.ConflictException(NotPreviewed(Id, Status));
        Status = ImportStatus.Discarded;
    }

    /// <summary>Why an import that is not (or no longer) a preview cannot be applied or discarded.</summary>
    public static string NotPreviewed(long importId, ImportStatus status) => status switch
    {
        ImportStatus.Applied => $"Import {importId} was applied already.",
        ImportStatus.Undone => $"Import {importId} was applied and then undone.",
        ImportStatus.Discarded => $"Import {importId} was discarded.",
        ImportStatus.Refused => $"Import {importId} was refused: its file had errors.",
        _ => $"Import {importId} is {status}.",
    };
}

/// <summary>One Clear Inventory: what it cleared is in its ledger rows, so it can be undone.</summary>
public class InventoryClear
{
    private InventoryClear() { }

    public InventoryClear(int instanceId, string user, DateTime at, bool everything)
    {
        InstanceId = instanceId;
        User = user;
        At = at;
        Everything = everything;
    }

    public long Id { get; private set; }
    public int InstanceId { get; private set; }
    public string User { get; private set; } = string.Empty;
    public DateTime At { get; private set; }

    /// <summary>All the instance's items, rather than the ones named.</summary>
    public bool Everything { get; private set; }

    public int Cleared { get; private set; }
    public DateTime? UndoneAt { get; private set; }
    public string? UndoneBy { get; private set; }
}
