using System.Text;

namespace Inventory.Domain.Import;

/// <summary>The bad rows of a refused file as CSV (row, column, value, reason), for the seller to fix and re-upload.</summary>
public static class ImportReportCsv
{
    public static string Write(IEnumerable<ImportError> errors)
    {
        var csv = new StringBuilder("Row,Column,Value,Reason\r\n");
        foreach (var e in errors)
            csv.Append(e.Row).Append(',').Append(Quote(e.Column)).Append(',')
               .Append(Quote(SpreadsheetWriter.Escape(e.Value))).Append(',').Append(Quote(e.Message)).Append("\r\n");
        return csv.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n', ';']) >= 0 ? '"' + value.Replace("\"", "\"\"") + '"' : value;
}
