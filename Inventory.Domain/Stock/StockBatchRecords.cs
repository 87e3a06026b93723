namespace Inventory.Domain.Stock;

/// <summary>An item a file would change: <see cref="Before"/> is null when the file starts tracking it.</summary>
public sealed record ItemChange(string Warehouse, string Sku, int? Before, int After);

/// <summary>
/// An item whose count was taken before accepts or restocks that came after it: those are carried
/// forward, so <see cref="Applied"/> = <see cref="Counted"/> − units accepted since + units restocked since.
/// </summary>
public sealed record CarriedForward(string Warehouse, string Sku, int Counted, int Applied, int OrdersSince);

/// <summary>
/// What a previewed file would do if applied now; nothing has changed yet. Changes and carried-forward
/// items list the first <see cref="ImportPreview.MaxListed"/> (in SKU order); the counts cover all.
/// <see cref="AsinsMapped"/>: the ASINs the file's ASIN column would put in the item map.
/// </summary>
public sealed record ImportPreview(
    long ImportId, int RowsRead, int Created, int Updated, int Unchanged,
    IReadOnlyList<ItemChange> Changes, int ChangeCount, int DroppingToZero, int LargeDrops, int NotInFile,
    DateTime? CountedAt, IReadOnlyList<CarriedForward> CarriedForward, DateTime ExpiresAt, int AsinsMapped = 0)
{
    public const int MaxListed = 1000;

    /// <summary>A drop worth a second look before applying: half the count or more, and at least this many units.</summary>
    public const int LargeDropUnits = 10;

    public static bool IsLargeDrop(int? before, int after) => before is { } b && b - after >= LargeDropUnits && after * 2 <= b;
}

/// <summary>Either a preview or a refused file (the first errors, and how many there were).</summary>
public sealed record PreviewResult(ImportPreview? Preview, IReadOnlyList<Import.ImportError> Errors, int ErrorCount);

/// <summary>An item an undo left as it is, and why.</summary>
public sealed record UndoConflict(string Warehouse, string Sku, UndoConflictReason Reason)
{
    public string Explanation => Reason switch
    {
        UndoConflictReason.CountedSince => $"{Sku} in {Warehouse} was counted or cleared again since; that count stands.",
        UndoConflictReason.ChangedSince => $"{Sku} in {Warehouse} was first tracked by this file and has changed since; it stays tracked.",
        _ => $"{Sku} in {Warehouse} is tracked again since the clear; it keeps its current count.",
    };
}

public enum UndoConflictReason { CountedSince, ChangedSince, TrackedSince }

/// <summary>
/// What an undo did: <see cref="Reverted"/> items put back by the difference the import made (or
/// tracked again with their cleared quantity), <see cref="Untracked"/> items the import had started
/// tracking that are untracked again, and the items left alone (the first <see cref="ImportPreview.MaxListed"/>).
/// </summary>
public sealed record UndoResult(long Id, int Reverted, int Untracked, IReadOnlyList<UndoConflict> Conflicts, int ConflictCount);

/// <summary>What Clear Inventory did, and the id that undoes it.</summary>
public sealed record ClearResult(int Cleared, long ClearId);

/// <summary>One stock file in the history.</summary>
public sealed record ImportView(
    long Id, DateTime At, string User, string FileName, int RowsRead, int Created, int Updated, int Unchanged,
    ImportStatus Status, DateTime? CountedAt, int ErrorCount, DateTime? AppliedAt, DateTime? UndoneAt, string? UndoneBy);

/// <summary>One stock file and the items it changed (or would change, while previewed): the first <see cref="ImportPreview.MaxListed"/>.</summary>
public sealed record ImportDetails(ImportView Import, IReadOnlyList<ItemChange> Changes, int ChangeCount);
