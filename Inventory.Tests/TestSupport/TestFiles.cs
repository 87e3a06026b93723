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
