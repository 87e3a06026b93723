using System.Text;

namespace Inventory.Domain.Import;

/// <summary>CSV records as Excel numbers them: RFC 4180 fields, and physical row numbers.</summary>
internal static class CsvRecords
{
    /// <summary>
    /// RFC 4180 fields of one record. Replaces MiniExcel's splitter, which also splits on tabs and
    /// stops the whole file at a row with fewer fields than the first.
    /// </summary>
    public static Func<string, string[]> Splitter(char separator)
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
    public sealed class RowCountingReader(Stream stream, Encoding encoding) : StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true)
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
