using System.IO.Compression;

namespace Inventory.Domain.Import;

/// <summary>
/// Refuses a hostile .xlsx before any XML is parsed: too many parts, a part or the whole expanding
/// too far (a zip bomb), or a run of text longer than any cell Excel can write.
/// </summary>
internal static class XlsxGuard
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

    public static void Check(Stream content)
    {
        Span<byte> magic = stackalloc byte[4];
        content.Position = 0;
        if (content.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || magic[0] != 'P' || magic[1] != 'K')
            throw new ImportFileException("The file is not an .xlsx workbook (it does not start like one; is it a CSV renamed to .xlsx?).");
        content.Position = 0;
        using (var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true))
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
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal)
                                                         && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
                CheckRuns(entry);
        }
        content.Position = 0;
    }

    /// <summary>
    /// Refuses a part holding a run of text or a tag longer than any cell Excel can write, reading it
    /// once as bytes (no XML parse, nothing kept) before the parser would hold that run as one string.
    /// </summary>
    private static void CheckRuns(ZipArchiveEntry entry)
    {
        var isSheet = entry.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal);
        long row = 0;
        using var part = entry.Open();
        // Buffers shorter than the limit: a run inside one buffer can never be too long, so only the
        // run across buffer edges is counted, with two vectorised searches per buffer.
        var buffer = new byte[64 * 1024];
        long run = 0;
        int read;
        while ((read = part.Read(buffer)) > 0)
        {
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
                    $"The workbook's part {entry.FullName} holds a cell or tag of more than 32,767 characters, which Excel cannot write; it is refused.");
            if (isSheet && (row = RowBytes(span, row)) > MaxRowBytes)
                throw new ImportFileException(
                    $"The workbook's sheet {entry.FullName} holds a row of more than {MaxRowBytes / (1024 * 1024)} MB; no stock row needs that much, so it is refused.");
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
