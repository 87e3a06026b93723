using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.Csv;
using MiniExcelLibs.OpenXml;

namespace Inventory.Domain.Import;

/// <summary>Writes stock in the import's own layout (Warehouse, SKU, Quantity), streaming row by row.</summary>
public static class SpreadsheetWriter
{
    public static string ContentType(SpreadsheetFormat format) => format == SpreadsheetFormat.Xlsx
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv";

    public static string Extension(SpreadsheetFormat format) => format == SpreadsheetFormat.Xlsx ? ".xlsx" : ".csv";

    public static void Write(Stream output, SpreadsheetFormat format, IEnumerable<(string Warehouse, string Sku, int Quantity)> rows)
    {
        var cells = rows.Select(r => new Dictionary<string, object?>
        {
            [ImportColumns.Warehouse] = Escape(r.Warehouse),
            [ImportColumns.Sku] = Escape(r.Sku),
            [ImportColumns.Quantity] = r.Quantity,
        });
        if (format == SpreadsheetFormat.Xlsx)
        {
            // Text-formatted columns, so a SKU the seller retypes in Excel (00123) keeps its zeros.
            var configuration = new OpenXmlConfiguration
            {
                DynamicColumns =
                [
                    new DynamicExcelColumn(ImportColumns.Warehouse) { Format = "@", Width = 14 },
                    new DynamicExcelColumn(ImportColumns.Sku) { Format = "@", Width = 24 },
                ],
            };
            MiniExcel.SaveAs(output, cells, excelType: ExcelType.XLSX, configuration: configuration);
        }
        else
        {
            MiniExcel.SaveAs(output, cells, excelType: ExcelType.CSV, configuration: new CsvConfiguration());
        }
    }

    /// <summary>
    /// Formula injection: a text cell starting with = + - @ tab or CR would run as a formula when the
    /// file is opened in a spreadsheet, so it is prefixed with an apostrophe (the reader strips it again).
    /// </summary>
    public static string Escape(string text) =>
        text is ['=' or '+' or '-' or '@' or '\t' or '\r', ..] ? "'" + text : text;
}
