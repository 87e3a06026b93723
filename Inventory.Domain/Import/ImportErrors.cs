namespace Inventory.Domain.Import;

/// <summary>Collects a file's errors from the parser and the writer, keeping the first ones up to a cap.</summary>
public sealed class ImportErrors(int cap)
{
    /// <summary>A bad value is quoted up to this many characters, so a 10 MB cell never travels back whole.</summary>
    public const int MaxValueLength = 200;

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
                _kept.Add(Bounded(row, column, value, message));
        }
    }

    public IReadOnlyList<ImportError> Snapshot()
    {
        lock (_gate)
            return _kept.OrderBy(e => e.Row).ToList();
    }

    /// <summary>An error whose value and message are cut to a readable length (a message may quote the value).</summary>
    public static ImportError Bounded(int row, string column, string? value, string message) =>
        new(row, column, Shorten(value, MaxValueLength), Shorten(message, MaxValueLength * 2));

    private static string Shorten(string? text, int max) =>
        text is null ? string.Empty
        : text.Length <= max ? text
        : string.Concat(text.AsSpan(0, max - 1), "…");
}
