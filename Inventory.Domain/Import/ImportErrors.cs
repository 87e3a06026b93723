namespace Inventory.Domain.Import;

/// <summary>Collects a file's errors from the parser and the writer, keeping the first ones up to a cap.</summary>
public sealed class ImportErrors(int cap)
{
    private readonly List<ImportError> _kept = [];
    private readonly Lock _gate = new();
    private int _count;

    public int Count { get { lock (_gate) return _count; } }

    public void Add(int row, string column, string? value, string message)
    {
        lock (_gate)
        {
            _count++;
            if (_kept.Count < cap)
                _kept.Add(new ImportError(row, column, value ?? string.Empty, message));
        }
    }

    public IReadOnlyList<ImportError> Snapshot()
    {
        lock (_gate)
            return _kept.OrderBy(e => e.Row).ToList();
    }
}
