using System.Threading.Channels;

namespace Inventory.Domain.Import;

/// <summary>A row that passed the domain's checks, with its keys, ready to stage; the ASIN trimmed, or null.</summary>
internal sealed record StagedRow(int Row, Stock.StockItemKey Item, int Quantity, string? Asin);

/// <summary>
/// The bounded hand-over between the parser (one thread) and the database writer (another), so a
/// large file is read and written at the same time with only a few batches in memory. Rows are
/// checked and keyed on the parser's side, so the writer's thread does nothing but write.
/// </summary>
public sealed class ImportRowChannel
{
    private const int BatchSize = 2000;
    private readonly Channel<StagedRow[]> _channel =
        Channel.CreateBounded<StagedRow[]>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
    private readonly Func<ImportRow, ImportErrors, StagedRow?> _check;
    private readonly int _maxRows;
    private readonly CancellationToken _ct;
    private StagedRow[] _batch = new StagedRow[BatchSize];
    private int _filled;

    internal ImportRowChannel(ImportErrors errors, Func<ImportRow, ImportErrors, StagedRow?> check, int maxRows, CancellationToken ct)
    {
        Errors = errors;
        _check = check;
        _maxRows = maxRows;
        _ct = ct;
    }

    /// <summary>Where the parser reports bad rows; they travel outside the channel.</summary>
    public ImportErrors Errors { get; }

    /// <summary>Data rows written so far, bad ones included.</summary>
    public int RowsRead { get; private set; }

    internal ChannelReader<StagedRow[]> Reader => _channel.Reader;

    /// <summary>Called by the parser's thread; blocks while the writer is behind.</summary>
    public void Write(ImportRow row)
    {
        if (++RowsRead > _maxRows)
            throw new ImportFileException(row.Row, string.Empty, null,
                $"The file has more than {_maxRows:N0} rows; split it into smaller files.");
        if (_check(row, Errors) is not { } staged)
            return;
        _batch[_filled++] = staged;
        if (_filled == BatchSize)
            Flush();
    }

    internal void Complete(Exception? error = null)
    {
        if (error is null)
            Flush();
        _channel.Writer.TryComplete(error);
    }

    private void Flush()
    {
        if (_filled == 0)
            return;
        var full = _filled == _batch.Length ? _batch : _batch[.._filled];
        // The parser is synchronous (MiniExcel enumerates), so it waits here on its own thread.
        _channel.Writer.WriteAsync(full, _ct).AsTask().GetAwaiter().GetResult();
        _batch = new StagedRow[BatchSize];
        _filled = 0;
    }
}
