using System.IO.Compression;
using System.Text;
using MiniExcelLibs;

namespace Inventory.Tests.TestSupport;

/// <summary>Real stock files, written the way a seller's tools write them, into a temp folder.</summary>
public sealed class TestFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("inventory-files-").FullName;

    /// <summary>An .xlsx whose cells keep their types (string, double, null) in columns A, B, C...</summary>
    public string Xlsx(params object?[][] rows) => Xlsx("stock.xlsx", rows);

    public string Xlsx(string name, params object?[][] rows)
    {
        var width = rows.Max(r => r.Length);
        var cells = rows.Select(r => Enumerable.Range(0, width).ToDictionary(
            i => ((char)('A' + i)).ToString(), i => i < r.Length ? r[i] : null)).ToList();
        var path = Path.Combine(_folder, name);
        MiniExcel.SaveAs(path, cells, printHeader: false, overwriteFile: true);
        return path;
    }

    public string Csv(string content, string name = "stock.csv", bool bom = false) =>
        Bytes(name, (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(content)).ToArray());

    public string Bytes(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>A copy of an .xlsx with one zip entry's text rewritten.</summary>
    public string RewriteEntry(string xlsx, string entryName, Func<string, string> rewrite, string name)
    {
        var path = Path.Combine(_folder, name);
        File.Copy(xlsx, path, overwrite: true);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry(entryName) ?? throw new InvalidOperationException($"{entryName} not in {xlsx}");
        string text;
        using (var reader = new StreamReader(entry.Open()))
            text = reader.ReadToEnd();
        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(entryName).Open());
        writer.Write(rewrite(text));
        return path;
    }

    /// <summary>A zip that declares far more uncompressed data than any stock file needs.</summary>
    public string ZipBomb(string name)
    {
        var path = Path.Combine(_folder, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using var stream = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
        var zeros = new byte[1024 * 1024];
        for (var i = 0; i < 300; i++)
            stream.Write(zeros);
        return path;
    }

    /// <summary>
    /// A real workbook whose sheet holds one cell of <paramref name="cellMb"/> MB of text, beside an
    /// incompressible part that makes the archive's overall ratio look tame: small on disk, huge in memory.
    /// </summary>
    /// <param name="incompressible">Random letters instead of one repeated: the file is then nearly as big as the cell.</param>
    /// <param name="rowsBefore">Good rows before the huge cell, so the parser is well under way when it comes.</param>
    public string HiddenCellBomb(string name, int cellMb = 300, int noiseMb = 3, bool incompressible = false, int rowsBefore = 0)
    {
        var path = RewriteEntry(Xlsx("bomb-base.xlsx", ["SKU", "Quantity"], ["A", 1d]), "xl/worksheets/sheet1.xml", xml => xml, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        zip.GetEntry("xl/worksheets/sheet1.xml")!.Delete();
        using (var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open()))
        {
            sheet.Write("""<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>""");
            sheet.Write("""<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>SKU</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>Quantity</x:t></x:is></x:c></x:row>""");
            for (var r = 2; r < rowsBefore + 2; r++)
                sheet.Write($"""<x:row r="{r}"><x:c r="A{r}" t="inlineStr"><x:is><x:t>SKU-{r}</x:t></x:is></x:c><x:c r="B{r}"><x:v>{r}</x:v></x:c></x:row>""");
            var bad = rowsBefore + 2;
            sheet.Write($"""<x:row r="{bad}"><x:c r="A{bad}" t="inlineStr"><x:is><x:t>""");
            var random = new Random(7);
            var chunk = new char[1024 * 1024];
            Array.Fill(chunk, 'A');
            for (var i = 0; i < cellMb; i++)
            {
                if (incompressible)
                    for (var c = 0; c < chunk.Length; c++)
                        chunk[c] = (char)('A' + random.Next(26));
                sheet.Write(chunk);
            }
            sheet.Write($"""</x:t></x:is></x:c><x:c r="B{bad}"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>""");
        }
        using (var noise = zip.CreateEntry("xl/media/noise.bin", CompressionLevel.NoCompression).Open())
        {
            var bytes = new byte[noiseMb * 1024 * 1024];
            new Random(9).NextBytes(bytes);
            noise.Write(bytes);
        }
        return path;
    }

    /// <summary>A workbook whose second row has <paramref name="cells"/> cells of <paramref name="cellChars"/> characters each.</summary>
    public string WideRow(string name, int cells, int cellChars)
    {
        var path = RewriteEntry(Xlsx("wide-base.xlsx", ["SKU", "Quantity"], ["A", 1d]), "xl/worksheets/sheet1.xml", xml => xml, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        zip.GetEntry("xl/worksheets/sheet1.xml")!.Delete();
        using var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open());
        sheet.Write("""<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>""");
        sheet.Write("""<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>SKU</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>Quantity</x:t></x:is></x:c></x:row><x:row r="2">""");
        var text = new string('B', cellChars);
        for (var i = 0; i < cells; i++)
            sheet.Write($"""<x:c t="inlineStr"><x:is><x:t>{text}</x:t></x:is></x:c>""");
        sheet.Write("</x:row></x:sheetData></x:worksheet>");
        return path;
    }

    public string ManyEntries(string name, int entries)
    {
        var path = Path.Combine(_folder, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        for (var i = 0; i < entries; i++)
            zip.CreateEntry($"xl/part{i}.xml");
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
