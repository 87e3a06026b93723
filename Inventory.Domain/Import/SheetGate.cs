namespace Inventory.Domain.Import;

// How XlsxGuard lets the parser read a sheet while the guard is still scanning it.

/// <summary>
/// How far the sheet's scan has got, in compressed bytes of the file. The scan's inflater asks for
/// more input only once everything it could make of the input so far has been handed out and
/// judged, so a read position of the scan is a point up to which the sheet is known to be safe.
/// </summary>
internal sealed class SheetGate
{
    private readonly object _lock = new();
    private long _verified;
    private long _end = long.MaxValue;
    private bool _done;
    private volatile bool _stopped;

    /// <summary>Where the sheet's local header begins; the first read of the scan once the gate is set.</summary>
    public long Start { get; private set; } = -1;

    public Exception? Failure { get; private set; }

    public bool Stopped => _stopped;

    public void Bound(long length) => _end = Start + length;

    /// <summary>The scan is about to read at <paramref name="position"/>: everything before it is judged.</summary>
    public void Reached(long position)
    {
        lock (_lock)
        {
            if (Start < 0)
                Start = _verified = position;
            else if (position > _verified)
                _verified = position;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>The parser wants [<paramref name="position"/>, <paramref name="end"/>): waits until the scan has judged it.</summary>
    public void WaitFor(long position, long end)
    {
        if (end <= Start || position >= _end)
            return;
        end = Math.Min(end, _end);
        lock (_lock)
        {
            while (!_done && _verified < end)
                Monitor.Wait(_lock);
            if (Failure is { } failure)
                throw Echo(failure);
        }
    }

    public void Complete(Exception? failure)
    {
        lock (_lock)
        {
            Failure ??= _stopped ? null : failure;
            _done = true;
            Monitor.PulseAll(_lock);
        }
    }

    public void Stop() => _stopped = true;

    // The parser's thread throws its own copy: an exception object is not thrown on two threads.
    private static Exception Echo(Exception failure) => failure is ImportFileException f
        ? new ImportFileException(f.Row, f.Column, f.Value, f.Message)
        : new InvalidDataException(failure.Message, failure);
}

/// <summary>
/// A read cursor of its own over the one uploaded stream, so the scan and the parser each read at
/// their own pace; reads take turns on the shared stream.
/// </summary>
internal sealed class SharedCursor(Stream shared, SheetGate? gate) : Stream
{
    private long _position;

    public SheetGate? Gate { get; set; } = gate;

    /// <summary>True for the parser's cursor, which waits; the scan's cursor reports instead.</summary>
    public bool Waits { get; init; }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => shared.Length;

    public override long Position
    {
        get => _position;
        set => _position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Waits)
            Gate?.WaitFor(_position, _position + buffer.Length);
        else
            Gate?.Reached(_position);
        int read;
        lock (shared)
        {
            shared.Position = _position;
            read = shared.Read(buffer);
        }
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => shared.Length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
