using System.Globalization;
using System.IO.Compression;
using System.Text;
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
public static class SpreadsheetReader
{
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
            if (ImportColumns.Match(CellValues.Text(value)) is { } column && !columns.ContainsValue(column))
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
        string? sku = null, warehouse = null, asin = null;
        int? quantity = null;
        var valid = true;
        foreach (var (key, column) in columns)
        {
            var value = cells.TryGetValue(key, out var v) ? v : null;
            switch (column)
            {
                case ImportColumns.Sku:
                    valid &= CellValues.TryReadSku(value, out sku, out var skuError) || Reject(channel, row, column, value, skuError!);
                    break;
                case ImportColumns.Warehouse:
                    warehouse = CellValues.Unescape(CellValues.Text(value));
                    break;
                case ImportColumns.Quantity:
                    valid &= CellValues.TryReadQuantity(value, out quantity, out var quantityError) || Reject(channel, row, column, value, quantityError!);
                    break;
                case ImportColumns.Asin:
                    asin = CellValues.Text(value);
                    break;
            }
        }
        if (valid)
            channel.Write(new ImportRow(row, warehouse, sku!, quantity!.Value, asin));
    }

    private static bool Reject(ImportRowChannel channel, int row, string column, object? value, string message)
    {
        channel.Errors.Add(row, column, CellValues.Text(value), message);
        return false;
    }

    private static bool IsBlank(object? value) => value is null || (value is string s && string.IsNullOrWhiteSpace(s));

    // ---- xlsx --------------------------------------------------------------------------------------

    private static IEnumerable<(int Row, IDictionary<string, object?> Cells)> ReadXlsx(Stream content)
    {
        using var guard = XlsxGuard.Start(content);
        var configuration = new OpenXmlConfiguration
        {
            EnableConvertByteArray = false, // a crafted "@@@fileid@@@" cell must stay text
            FillMergedCells = false,
            IgnoreEmptyRows = false,        // keeps one row per sheet row, so index + 1 is the Excel row number
        };
        using var rows = MiniExcel.Query(guard.Workbook, useHeaderRow: false, excelType: ExcelType.XLSX, configuration: configuration)
            .GetEnumerator();
        var row = 0;
        while (true)
        {
            bool more;
            try
            {
                more = rows.MoveNext();
            }
            catch (Exception)
            {
                guard.ThrowIfFailed();
                throw;
            }
            if (!more)
                break;
            yield return (++row, (IDictionary<string, object?>)rows.Current);
        }
        guard.Complete();
    }

    // ---- csv ---------------------------------------------------------------------------------------

    // A CSV must be UTF-8 (a BOM for UTF-16 is honoured too). Bytes that are not UTF-8 are refused
    // rather than guessed at: a guess could store "CAF\uFFFD-1" or a look-alike of a real SKU.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const string NotUtf8 =
        "The file is not UTF-8 text (it looks like it was saved as \"CSV\" in a Windows code page). In Excel, save it as \"CSV UTF-8 (Comma delimited)\" and upload it again.";

    private static IEnumerable<(int Row, IDictionary<string, object?> Cells)> ReadCsv(Stream content)
    {
        CsvRecords.RowCountingReader? reader = null;
        CsvRecords.CheckRecordLengths(content);
        var separator = DetectSeparator(content);
        var configuration = new CsvConfiguration
        {
            Seperator = separator,
            StreamReaderFunc = s => reader = new CsvRecords.RowCountingReader(s, StrictUtf8),
            ReadEmptyStringAsNull = true,
            SplitFn = CsvRecords.Splitter(separator),
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

}
