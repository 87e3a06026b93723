namespace Inventory.Domain.Import;

/// <summary>A problem with the file as a whole (unreadable, too large, a missing column): refused at once.</summary>
public sealed class ImportFileException(int row, string column, string? value, string message) : Exception(message)
{
    public ImportFileException(string message) : this(0, string.Empty, null, message) { }

    public int Row { get; } = row;
    public string Column { get; } = column;
    public string? Value { get; } = value;
}
