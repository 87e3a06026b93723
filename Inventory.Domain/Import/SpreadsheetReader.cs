using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using MiniExcelLibs;
using MiniExcelLibs.Csv;
using MiniExcelLibs.OpenXml;

namespace Inventory.Domain.Import;

public enum SpreadsheetFormat { Xlsx, Csv }

/// <summary>
/// Reads a stock file (.xlsx or .csv) row by row through MiniExcel, never holding the whole file,
/// and turns each row into an <see cref="ImportRow"/> or an <see cref="ImportError"/> naming the row
/// number the user sees in Excel. Hostile files are refused before or while parsing.
/// </summary>
public static partial class SpreadsheetReader
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

    public static SpreadsheetFormat FormatOf(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".xlsx" => SpreadsheetFormat.Xlsx,
            ".csv" => SpreadsheetFormat.Csv,
            var other => throw new ImportFileException(
                $"'{Path.GetFileName(fileName)}' is not a stock file: upload an .xlsx or .csv file{(other.Length > 0 ? $", not {other}" : "")}."),
        };

    /// <summary>Parses <paramref name="content"/> (seekable) into the channel; file-level problems throw <see cref="ImportFileException"/>.</summary>
    public static void Read(Stream content, SpreadsheetFormat format, ImportRowChannel channel)
    {
        if (content.Length == 0)
            throw new ImportFileException("The file is empty.");
        try
        {
            var rows = format == SpreadsheetFormat.Xlsx ? ReadXlsx(content) : ReadCsv(content);
            Parse(rows, channel);
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException(NotUtf8);
        }
        catch (Exception ex) when (ex.InnerException is DecoderFallbackException)
        {
            throw new ImportFileException(NotUtf8);
        }
        catch (InvalidDataException ex)
        {
            throw new ImportFileException(format == SpreadsheetFormat.Xlsx
                ? $"The file is not a readable .xlsx workbook (it may be truncated, corrupt, or another format renamed): {ex.Message}"
                : $"The file could not be read as CSV: {ex.Message}");
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImportFileException("The workbook contains a DOCTYPE declaration, which is refused for security. Save it again from Excel.");
        }
        catch (XmlException ex)
        {
            throw new ImportFileException($"The workbook's XML is malformed: {ex.Message}");
        }
        catch (InvalidOperationException ex) when (format == SpreadsheetFormat.Xlsx && ex is not ObjectDisposedException)
        {
            throw new ImportFileException("The file is a zip archive but not an Excel workbook (no worksheet found).");
        }
    }

    private static void Parse(IEnumerable<(int Row, IDictionary<string, object?> Cells)> rows, ImportRowChannel channel)
    {
        Dictionary<string, string>? columns = null; // cell key ("A") -> Warehouse / SKU / Quantity
        foreach (var (row, cells) in rows)
        {
            if (cells.Values.All(IsBlank))
                continue;
            if (columns is null)
            {
                columns = MapHeader(row, cells);
                continue;
            }
            ParseRow(row, cells, columns, channel);
        }
        if (columns is null)
            throw new ImportFileException("The file has no header row: it needs SKU and Quantity columns.");
    }

    private static Dictionary<string, string> MapHeader(int row, IDictionary<string, object?> cells)
    {
        var columns = new Dictionary<string, string>();
        foreach (var (key, value) in cells)
        {
            if (ImportColumns.Match(Text(value)) is { } column && !columns.ContainsValue(column))
                columns[key] = column;
        }
        foreach (var (required, aliases) in new[] { (ImportColumns.Sku, ImportColumns.SkuAliases), (ImportColumns.Quantity, ImportColumns.QuantityAliases) })
        {
            if (!columns.ContainsValue(required))
                throw new ImportFileException(row, required, null,
                    $"No {required} column: the header row (row {row}) needs one named {string.Join(", ", aliases)}.");
        }
        return columns;
    }

    private static void ParseRow(int row, IDictionary<string, object?> cells, Dictionary<string, string> columns, ImportRowChannel channel)
    {
        string? sku = null, warehouse = null;
        int? quantity = null;
        var valid = true;
        foreach (var (key, column) in columns)
        {
            var value = cells.TryGetValue(key, out var v) ? v : null;
            switch (column)
            {
                case ImportColumns.Sku:
                    valid &= TryReadSku(value, out sku, out var skuError) || Reject(channel, row, column, value, skuError!);
                    break;
                case ImportColumns.Warehouse:
                    warehouse = Unescape(Text(value));
                    break;
                case ImportColumns.Quantity:
                    valid &= TryReadQuantity(value, out quantity, out var quantityError) || Reject(channel, row, column, value, quantityError!);
                    break;
            }
        }
        if (valid)
            channel.Write(new ImportRow(row, warehouse, sku!, quantity!.Value));
    }

    private static bool Reject(ImportRowChannel channel, int row, string column, object? value, string message)
    {
        channel.Errors.Add(row, column, Text(value), message);
        return false;
    }

    /// <summary>A SKU is text: 123 stays "123", "00123" keeps its zeros, and Excel's 1.23457E+11 is refused.</summary>
    internal static bool TryReadSku(object? value, out string? sku, out string? error)
    {
        (sku, error) = (null, null);
        switch (value)
        {
            case double d when Math.Abs(d) >= 1e15:
                error = "This SKU is a number too long for Excel to keep exactly. Format the SKU column as Text and type the SKUs again.";
                return false;
            case double d:
                sku = d.ToString("0.###############", CultureInfo.InvariantCulture);
                return true;
            default:
                // An empty or over-long SKU is the domain's call (Fields), made for every source of rows.
                var text = Unescape(Text(value))?.Trim() ?? string.Empty;
                if (ScientificNotation().IsMatch(text))
                {
                    error = $"'{text}' looks like a number Excel turned into scientific notation. Format the SKU column as Text and type the SKUs again.";
                    return false;
                }
                sku = text;
                return true;
        }
    }

    /// <summary>A whole number (12.0 is 12); 12.5, abc and empty each get their own reason. Its range is the domain's call (Fields).</summary>
    internal static bool TryReadQuantity(object? value, out int? quantity, out string? error)
    {
        (quantity, error) = (null, null);
        decimal number;
        switch (value)
        {
            case double d when double.IsFinite(d):
                number = d is > (double)decimal.MaxValue or < (double)decimal.MinValue ? decimal.MaxValue : (decimal)d;
                break;
            default:
                var text = Text(value)?.Trim();
                if (string.IsNullOrEmpty(text))
                {
                    error = "Quantity is empty.";
                    return false;
                }
                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    error = $"Quantity must be a whole number; '{text}' is not a number.";
                    return false;
                }
                break;
        }
        if (number != decimal.Truncate(number))
            error = $"Quantity must be a whole number, not {number.ToString(CultureInfo.InvariantCulture)}.";
        else if (number < int.MinValue || number > int.MaxValue)
            error = "Quantity is too large.";
        else
            quantity = (int)number;
        return error is null;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Undoes the export's formula-injection escape ('=...), so an exported file re-imports unchanged.</summary>
    internal static string? Unescape(string? text) =>
        text is ['\'', '=' or '+' or '-' or '@' or '\t' or '\r', ..] ? text[1..] : text;

    private static bool IsBlank(object? value) => value is null || (value is string s && string.IsNullOrWhiteSpace(s));

    [GeneratedRegex(@"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")]
    private static partial Regex ScientificNotation();

    // ---- xlsx --------------------------------------------------------------------------------------

    private static IEnumerable<(int Row, IDictionary<string, object?> Cells)> ReadXlsx(Stream content)
    {
        GuardZip(content);
        var configuration = new OpenXmlConfiguration
        {
            EnableConvertByteArray = false, // a crafted "@@@fileid@@@" cell must stay text
            FillMergedCells = false,
            IgnoreEmptyRows = false,        // keeps one row per sheet row, so index + 1 is the Excel row number
        };
        var row = 0;
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(content, useHeaderRow: false, excelType: ExcelType.XLSX, configuration: configuration))
            yield return (++row, cells);
    }

    private static void GuardZip(Stream content)
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
                GuardXmlRuns(entry);
        }
        content.Position = 0;
    }

    /// <summary>
    /// Refuses a part holding a run of text or a tag longer than any cell Excel can write, reading it
    /// once as bytes (no XML parse, nothing kept) before the parser would hold that run as one string.
    /// </summary>
    private static void GuardXmlRuns(ZipArchiveEntry entry)
    {
        using var part = entry.Open();
        var buffer = new byte[64 * 1024];
        long run = 0;
        int read;
        while ((read = part.Read(buffer)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            while (span.IndexOfAny((byte)'<', (byte)'>') is var at && at >= 0)
            {
                if (run + at > MaxXmlRunBytes)
                    break;
                run = 0;
                span = span[(at + 1)..];
            }
            run += span.Length;
            if (run > MaxXmlRunBytes)
                throw new ImportFileException(
                    $"The workbook's part {entry.FullName} holds a cell or tag of more than 32,767 characters, which Excel cannot write; it is refused.");
        }
    }

    // ---- csv ---------------------------------------------------------------------------------------

    // A CSV must be UTF-8 (a BOM for UTF-16 is honoured too). Bytes that are not UTF-8 are refused
    // rather than guessed at: a guess could store "CAF\uFFFD-1" or a look-alike of a real SKU.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const string NotUtf8 =
        "The file is not UTF-8 text (it looks like it was saved as \"CSV\" in a Windows code page). In Excel, save it as \"CSV UTF-8 (Comma delimited)\" and upload it again.";

    private static IEnumerable<(int Row, IDictionary<string, object?> Cells)> ReadCsv(Stream content)
    {
        RowCountingReader? reader = null;
        var separator = DetectSeparator(content);
        var configuration = new CsvConfiguration
        {
            Seperator = separator,
            StreamReaderFunc = s => reader = new RowCountingReader(s),
            ReadEmptyStringAsNull = true,
            SplitFn = CsvSplitter(separator),
        };
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(content, useHeaderRow: false, excelType: ExcelType.CSV, configuration: configuration))
            yield return (reader!.CurrentRow, cells);
    }

    /// <summary>Comma or semicolon (or tab), whichever the first non-blank line uses more, outside quotes.</summary>
    private static char DetectSeparator(Stream content)
    {
        content.Position = 0;
        using var reader = new StreamReader(content, StrictUtf8, true, 4096, leaveOpen: true);
        string? line;
        while ((line = reader.ReadLine()) is not null && line.Trim().Length == 0) { }
        content.Position = 0;
        int comma = 0, semicolon = 0, tab = 0;
        var quoted = false;
        foreach (var c in line ?? string.Empty)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == ',') comma++;
            else if (!quoted && c == ';') semicolon++;
            else if (!quoted && c == '\t') tab++;
        }
        return semicolon > comma && semicolon >= tab ? ';' : tab > comma && tab > semicolon ? '\t' : ',';
    }

    /// <summary>
    /// RFC 4180 fields of one record. Replaces MiniExcel's splitter, which also splits on tabs and
    /// stops the whole file at a row with fewer fields than the first.
    /// </summary>
    private static Func<string, string[]> CsvSplitter(char separator)
    {
        var expected = -1;
        var field = new StringBuilder();
        return line =>
        {
            var fields = new List<string>(Math.Max(expected, 4));
            bool inQuotes = false, wasQuoted = false;
            field.Clear();
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (inQuotes)
                {
                    if (c != '"') field.Append(c);
                    else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else if (c == '"' && field.Length == 0 && !wasQuoted) inQuotes = wasQuoted = true;
                else if (c == separator) { fields.Add(field.ToString()); field.Clear(); wasQuoted = false; }
                else field.Append(c);
            }
            fields.Add(field.ToString());
            if (expected < 0) expected = fields.Count;
            while (fields.Count < expected) fields.Add(string.Empty);
            return fields.ToArray();
        };
    }

    /// <summary>Counts physical records as Excel numbers rows: blank lines count, a quoted line break does not.</summary>
    private sealed class RowCountingReader(Stream stream) : StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: true)
    {
        private bool _inQuotes;

        public int CurrentRow { get; private set; }

        public override string? ReadLine()
        {
            var line = base.ReadLine();
            if (line is null)
                return null;
            if (!_inQuotes)
                CurrentRow++;
            if (line.Count(c => c == '"') % 2 != 0)
                _inQuotes = !_inQuotes;
            return line;
        }
    }
}
