using System.IO.Compression;
using System.Runtime.ExceptionServices;

namespace Inventory.Domain.Import;

/// <summary>
/// Keeps a hostile .xlsx from reaching the parser: too many parts, a part or the whole expanding too
/// far (a zip bomb), a run of text longer than any cell Excel can write, or a row of many megabytes.
/// </summary>
/// <remarks>
/// The zip directory and every small part are judged before the parser starts. The worksheet, which
/// is nearly all of a stock file, is scanned on a thread of its own while the parser reads it through
/// <see cref="Workbook"/>, a gated view of the same bytes: the parser may only read compressed bytes
/// the scan has already passed, so it never holds text the scan has not judged, and the second
/// decompression of the sheet costs no time on the import's path.
/// </remarks>
internal sealed class XlsxGuard : IDisposable
{
    // Zip-bomb guard, checked on the zip directory before any XML is parsed.
    private const int MaxZipEntries = 1_000;
    private const long MaxUncompressedBytes = 2L * 1024 * 1024 * 1024;
    private const int MaxCompressionRatio = 100;

    // One part may expand at most this far: a 2,000,000-row sheet's XML is about 300 MB.
    private const long MaxPartBytes = 512L * 1024 * 1024;

    // Below this size a part's ratio does not matter (styles and small sheets compress very well).
    private const long PartRatioFloorBytes = 16L * 1024 * 1024;

    // Excel itself keeps at most 32,767 characters in a cell; a run of text (or a tag) longer than that
    // could only come from a crafted file, and would be held whole in memory by the XML parser. Counted
    // in UTF-8 bytes with room for multi-byte characters and entities such as &amp;.
    private const int MaxXmlRunBytes = 32_767 * 5;

    // A sheet row is read whole, every cell of it; rows of a stock file are a few hundred bytes, and
    // even a row of many long cells as Excel writes them stays far below this.
    private const int MaxRowBytes = 4 * 1024 * 1024;

    // Size of a zip local file header before its name and extra field (APPNOTE 4.3.7).
    private const int LocalHeaderBytes = 30;

    private readonly SheetGate? _gate;
    private readonly Task? _scan;

    private XlsxGuard(Stream workbook, SheetGate? gate, Task? scan)
    {
        Workbook = workbook;
        _gate = gate;
        _scan = scan;
    }

    /// <summary>What the parser reads: the upload itself, or a view of it that waits for the sheet's scan.</summary>
    public Stream Workbook { get; }

    /// <summary>Judges the archive and its small parts now and starts the sheet's scan; throws <see cref="ImportFileException"/>.</summary>
    public static XlsxGuard Start(Stream content)
    {
        Span<byte> magic = stackalloc byte[4];
        content.Position = 0;
        if (content.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || magic[0] != 'P' || magic[1] != 'K')
            throw new ImportFileException("The file is not an .xlsx workbook (it does not start like one; is it a CSV renamed to .xlsx?).");
        content.Position = 0;

        var scanned = new SharedCursor(content, gate: null);
        var zip = new ZipArchive(scanned, ZipArchiveMode.Read, leaveOpen: true);
        try
        {
            CheckDirectory(zip);
            var parts = zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal)
                                               && e.FullName.EndsWith(".xml", StringComparison.Ordinal)).ToList();
            var sheets = parts.Where(IsSheet).ToList();
            // A stock file has one sheet; with several, which one the parser takes is its own business,
            // so all are scanned before it starts, as every other part is.
            var overlapped = sheets.Count == 1 ? sheets[0] : null;
            foreach (var part in parts.Where(p => p != overlapped))
            {
                using var stream = part.Open();
                CheckRuns(stream, part.FullName, IsSheet(part), stop: null);
            }
            if (overlapped is null)
                return Judged();

            // The sheet's compressed bytes are the only ones the parser must wait for; opening the entry
            // here reads its local header first, which is where they begin.
            var gate = new SheetGate();
            scanned.Gate = gate;
            var sheetStream = overlapped.Open();
            if (gate.Start < 0)
            {
                // The entry did not read its header on opening: no safe bound to wait on, so scan now.
                using (sheetStream)
                    CheckRuns(sheetStream, overlapped.FullName, isSheet: true, stop: null);
                return Judged();
            }
            gate.Bound(overlapped.CompressedLength + LocalHeaderBytes + ExtraHeaderBytes(content, gate.Start));
            var scan = Task.Factory.StartNew(() =>
            {
                try
                {
                    using (zip)
                    using (sheetStream)
                        CheckRuns(sheetStream, overlapped.FullName, isSheet: true, gate);
                    gate.Complete(null);
                }
                catch (Exception ex)
                {
                    gate.Complete(ex);
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return new XlsxGuard(new SharedCursor(content, gate) { Waits = true }, gate, scan);
        }
        catch
        {
            zip.Dispose();
            throw;
        }

        // Everything is judged already: the parser reads the upload itself.
        XlsxGuard Judged()
        {
            zip.Dispose();
            content.Position = 0;
            return new XlsxGuard(content, gate: null, scan: null);
        }
    }

    /// <summary>Waits for the sheet's scan to finish and throws what it found; call after the parser read everything.</summary>
    public void Complete()
    {
        _scan?.GetAwaiter().GetResult();
        ThrowIfFailed();
    }

    /// <summary>Throws the scan's finding, if any: an error the parser met after it is only its consequence.</summary>
    public void ThrowIfFailed()
    {
        if (_gate?.Failure is { } failure)
            ExceptionDispatchInfo.Throw(failure);
    }

    public void Dispose()
    {
        if (_gate is null)
            return;
        _gate.Stop();
        // The scan reads the caller's stream: it must be done before that stream can be closed.
        _scan!.GetAwaiter().GetResult();
    }

    private static bool IsSheet(ZipArchiveEntry entry) => entry.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal);

    private static void CheckDirectory(ZipArchive zip)
    {
        if (zip.Entries.Count > MaxZipEntries)
            throw new ImportFileException($"The workbook has {zip.Entries.Count:N0} parts; more than {MaxZipEntries:N0} is refused.");
        long uncompressed = 0;
        foreach (var entry in zip.Entries)
        {
            // Each part is judged on its own: a bomb hidden in one part must not hide behind an
            // incompressible neighbour that makes the archive's overall ratio look tame.
            if (entry.Length > MaxPartBytes
                || (entry.Length > PartRatioFloorBytes && entry.Length / Math.Max(1, entry.CompressedLength) > MaxCompressionRatio))
                throw new ImportFileException(
                    $"The workbook's part {entry.FullName} would expand to {entry.Length / (1024 * 1024):N0} MB from {entry.CompressedLength / 1024:N0} KB; it looks like a zip bomb and is refused.");
            uncompressed += entry.Length;
        }
        if (uncompressed > MaxUncompressedBytes)
            throw new ImportFileException(
                $"The workbook would expand to {uncompressed / (1024 * 1024):N0} MB; it looks like a zip bomb and is refused.");
    }

    /// <summary>The local header's file-name and extra-field lengths, which the central directory does not repeat.</summary>
    private static long ExtraHeaderBytes(Stream content, long localHeader)
    {
        Span<byte> lengths = stackalloc byte[4];
        lock (content)
        {
            content.Position = localHeader + 26;
            content.ReadExactly(lengths);
        }
        return (lengths[0] | (lengths[1] << 8)) + (lengths[2] | (lengths[3] << 8));
    }

    /// <summary>
    /// Refuses a part holding a run of text or a tag longer than any cell Excel can write, reading it
    /// once as bytes (no XML parse, nothing kept) before the parser would hold that run as one string.
    /// </summary>
    private static void CheckRuns(Stream part, string name, bool isSheet, SheetGate? stop)
    {
        long row = 0;
        // Buffers shorter than the limit: a run inside one buffer can never be too long, so only the
        // run across buffer edges is counted, with two vectorised searches per buffer.
        var buffer = new byte[64 * 1024];
        long run = 0;
        int read;
        while ((read = part.Read(buffer)) > 0)
        {
            if (stop?.Stopped == true)
                return;
            var span = buffer.AsSpan(0, read);
            var first = span.IndexOfAny((byte)'<', (byte)'>');
            if (first < 0)
            {
                run += read;
            }
            else
            {
                run += first;
                if (run <= MaxXmlRunBytes)
                    run = read - 1 - span.LastIndexOfAny((byte)'<', (byte)'>');
            }
            if (run > MaxXmlRunBytes)
                throw new ImportFileException(
                    $"The workbook's part {name} holds a cell or tag of more than 32,767 characters, which Excel cannot write; it is refused.");
            if (isSheet && (row = RowBytes(span, row)) > MaxRowBytes)
                throw new ImportFileException(
                    $"The workbook's sheet {name} holds a row of more than {MaxRowBytes / (1024 * 1024)} MB; no stock row needs that much, so it is refused.");
        }
    }

    /// <summary>Bytes since the last row start (<c>&lt;row</c> or <c>&lt;x:row</c>), carried across buffers.</summary>
    private static long RowBytes(ReadOnlySpan<byte> buffer, long before)
    {
        var first = RowStart(buffer, last: false);
        if (first < 0)
            return before + buffer.Length;
        if (before + first > MaxRowBytes)
            return before + first;
        return buffer.Length - RowStart(buffer, last: true);
    }

    private static int RowStart(ReadOnlySpan<byte> buffer, bool last)
    {
        var rest = buffer;
        while ((last ? rest.LastIndexOf("row"u8) : rest.IndexOf("row"u8)) is var at && at >= 0)
        {
            var offset = last ? at : buffer.Length - rest.Length + at;
            var starts = offset > 0 && buffer[offset - 1] is (byte)'<' or (byte)':'
                         && offset + 3 < buffer.Length && buffer[offset + 3] is (byte)' ' or (byte)'>';
            if (starts)
                return offset;
            rest = last ? rest[..at] : rest[(at + 1)..];
        }
        return -1;
    }
}
