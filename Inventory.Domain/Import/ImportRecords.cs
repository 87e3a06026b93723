namespace Inventory.Domain.Import;

/// <summary>
/// One data row of a stock file. A null or empty warehouse means the instance's default; a null or empty
/// ASIN maps nothing.
/// </summary>
public sealed record ImportRow(int Row, string? Warehouse, string Sku, int Quantity, string? Asin = null);

/// <summary>One reason a file was refused. Row 0 speaks of the file as a whole.</summary>
public sealed record ImportError(int Row, string Column, string Value, string Message);

/// <summary>The outcome of an applied file.</summary>
public sealed record ImportSummary(long ImportId, int RowsRead, int Created, int Updated, int Unchanged);

/// <summary>
/// Either an applied import (<see cref="Summary"/>) or a refused one: the first errors, up to the cap,
/// and how many there were in all. A refused file changed nothing.
/// </summary>
public sealed record ImportResult(ImportSummary? Summary, IReadOnlyList<ImportError> Errors, int ErrorCount,
    IReadOnlyList<Stock.CarriedForward>? CarriedForward = null)
{
    public bool Succeeded => Summary is not null;
}

public sealed class ImportOptions
{
    public const string Section = "Import";

    public int MaxFileSizeMb { get; set; } = 100;
    public int MaxRows { get; set; } = 2_000_000;

    /// <summary>
    /// The most warehouses one instance may have: a file that would take it beyond is refused at preview.
    /// Every list of an instance's warehouses (the grid's picker) stays a page long whatever the limit.
    /// </summary>
    public int MaxWarehouses { get; set; } = 1000;

    /// <summary>Errors listed in a report; the total is counted beyond it.</summary>
    public int MaxErrors { get; set; } = 1000;

    /// <summary>Imports that may run at once on one server; another is refused until one ends.</summary>
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>How long a previewed file may wait to be applied; after that its count is too old to trust.</summary>
    public int PreviewMinutes { get; set; } = 60;

    public long MaxFileSizeBytes => MaxFileSizeMb * 1024L * 1024L;
}
