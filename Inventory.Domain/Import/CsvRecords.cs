using System.Text;

namespace Inventory.Domain.Import;

/// <summary>CSV records as Excel numbers them: RFC 4180 fields, and physical row numbers.</summary>
internal static class CsvRecords
{
    /// <summary>A record (a line, or several inside quotes) longer than this is refused before it is read as one string.</summary>
    public const int MaxRecordBytes = 1024 * 1024;

    /// <summary>
    /// Refuses a file with a record longer than <see cref="MaxRecordBytes"/>, reading it once as bytes:
    /// a reader would otherwise hold the whole record in memory, and a 100 MB file can be one line.
    /// </summary>
    public static void CheckRecordLengths(Stream content)
    {
        content.Position = 0;
        var buffer = new byte[64 * 1024];
        long record = 0;
        var row = 1;
        var quoted = false;
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            while (span.IndexOfAny((byte)'"', (byte)'\n') is var at && at >= 0)
            {
                record += at + 1;
                if (span[at] == (byte)'"')
                    quoted = !quoted;
                else if (!quoted)
                {
                    Refuse(record, row);
                    (record, row) = (0, row + 1);
                }
                span = span[(at + 1)..];
            }
            record += span.Length;
            Refuse(record, row);
        }
        content.Position = 0;

        static void Refuse(long record, int row)
        {
            if (record > MaxRecordBytes)
                throw new ImportFileException(row, string.Empty, null,
                    $"Row {row} is longer than {MaxRecordBytes / 1024:N0} KB; no stock row needs that much. Check the file (a missing closing quote can make one row of the rest).");
        }
    }

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
            // Most records of a stock file quote nothing: split them in one vectorised pass.
            if (!line.Contains('"'))
                return Padded(line.Split(separator));
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
            return Padded([.. fields]);
        };

        // A record with fewer fields than the first is read with the missing ones empty.
        string[] Padded(string[] fields)
        {
            if (expected < 0)
                expected = fields.Length;
            if (fields.Length >= expected)
                return fields;
            var padded = new string[expected];
            fields.CopyTo(padded, 0);
            Array.Fill(padded, string.Empty, fields.Length, expected - fields.Length);
            return padded;
        }
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
            if (line.AsSpan().Count('"') % 2 != 0)
                _inQuotes = !_inQuotes;
            return line;
        }
    }
}
