using System.Threading.Channels;

namespace Inventory.Domain.Import;

/// <summary>
/// The bounded hand-over between the parser (one thread) and the database writer (another), so a
/// large file is read and written at the same time with only a few batches in memory.
/// </summary>
public sealed class ImportRowChannel
{
    private const int BatchSize = 2000;
    private readonly Channel<ImportRow[]> _channel =
        Channel.CreateBounded<ImportRow[]>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
    private readonly CancellationToken _ct;
    private ImportRow[] _batch = new ImportRow[BatchSize];
    private int _filled;

    public ImportRowChannel(ImportErrors errors, CancellationToken ct)
    {
        Errors = errors;
        _ct = ct;
    }

    /// <summary>Where the parser reports bad rows; they travel outside the channel.</summary>
    public ImportErrors Errors { get; }

    internal ChannelReader<ImportRow[]> Reader => _channel.Reader;

    /// <summary>Called by the parser's thread; blocks while the writer is behind.</summary>
    public void Write(ImportRow row)
    {
        _batch[_filled++] = row;
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
        _batch = new ImportRow[BatchSize];
        _filled = 0;
    }
}
