using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Import;

/// <summary>Broken and hostile files are refused with a clear message and change nothing (rule 2).</summary>
public abstract class HostileFileTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine, Settings = { ["Import:MaxFileSizeMb"] = "1", ["Import:MaxRows"] = "50", ["Import:MaxErrors"] = "10" } })
{
    private readonly TestFiles _files = new();
    private InstanceView _store = null!;
    private string _before = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await Db.InstanceAsync();
        await Db.StockAsync(_store.Id, ("KEEP-1", 3), ("KEEP-2", 0));
        _before = await Db.SnapshotAsync();
    }

    public override async Task DisposeAsync()
    {
        _files.Dispose();
        await base.DisposeAsync();
    }

    private async Task<ImportError> RefusedAsync(string path, string? fileName = null)
    {
        ImportResult result;
        await using (var content = File.OpenRead(path))
            result = await Db.Inventory.ImportFileAsync(_store.Id, fileName ?? Path.GetFileName(path), content, Db.User);
        Assert.False(result.Succeeded);
        Assert.Equal(_before, await Db.SnapshotAsync());
        return result.Errors[0];
    }

    private string ValidXlsx() => _files.Xlsx("valid.xlsx", ["SKU", "Quantity"], ["A", 1d], ["B", 2d]);

    [SkippableFact]
    public async Task FileOverTheSizeLimit_IsRefused()
    {
        var path = _files.Csv("SKU,Quantity\n" + string.Concat(Enumerable.Range(0, 120_000).Select(i => $"SKU-{i},1\n")));

        Assert.Contains("the limit is 1 MB", (await RefusedAsync(path)).Message);
    }

    [SkippableFact]
    public async Task FileOverTheRowLimit_IsRefused()
    {
        var path = _files.Csv("SKU,Quantity\n" + string.Concat(Enumerable.Range(0, 51).Select(i => $"SKU-{i},1\n")));

        Assert.Contains("more than 50 rows", (await RefusedAsync(path)).Message);
    }

    [SkippableFact]
    public async Task ZipBomb_IsRefusedBeforeParsing()
    {
        var path = _files.ZipBomb("bomb.xlsx");

        Assert.Contains("zip bomb", (await RefusedAsync(path)).Message);
    }

    [SkippableFact]
    public async Task ZipWithAbsurdEntryCount_IsRefused()
    {
        var path = _files.ManyEntries("parts.xlsx", 5_000);

        Assert.Contains("parts", (await RefusedAsync(path)).Message);
    }

    [SkippableFact]
    public async Task TruncatedXlsx_IsRefused()
    {
        var bytes = await File.ReadAllBytesAsync(ValidXlsx());
        var path = _files.Bytes("truncated.xlsx", bytes[..(bytes.Length / 2)]);

        Assert.Contains("not a readable .xlsx", (await RefusedAsync(path)).Message);
    }

    [SkippableFact]
    public async Task CorruptZip_IsRefused()
    {
        var bytes = await File.ReadAllBytesAsync(ValidXlsx());
        for (var i = 200; i < bytes.Length - 200; i += 7)
            bytes[i] ^= 0x5A;
        var path = _files.Bytes("corrupt.xlsx", bytes);

        Assert.NotEmpty((await RefusedAsync(path)).Message);
    }

    [SkippableFact]
    public async Task CsvRenamedToXlsx_IsRefused()
    {
        var path = _files.Csv("SKU,Quantity\nA,1\n", name: "renamed.xlsx");

        Assert.Contains("CSV renamed", (await RefusedAsync(path)).Message);
    }

    [SkippableTheory]
    [InlineData("empty.csv")]
    [InlineData("empty.xlsx")]
    public async Task EmptyFile_IsRefused(string name)
    {
        var path = _files.Bytes(name, []);

        Assert.Equal("The file is empty.", (await RefusedAsync(path)).Message);
    }

    [SkippableFact]
    public async Task HeaderOnlyFile_IsRefused()
    {
        var path = _files.Xlsx("header.xlsx", ["Warehouse", "SKU", "Quantity"]);

        Assert.Contains("no data rows", (await RefusedAsync(path)).Message);
    }

    [SkippableTheory]
    [InlineData("Warehouse,Quantity\nLAX1,1\n", "SKU")]
    [InlineData("Warehouse,SKU,Price\nLAX1,A,9.99\n", "Quantity")]
    public async Task MissingRequiredColumn_IsRefusedNamingIt(string csv, string column)
    {
        var error = await RefusedAsync(_files.Csv(csv));

        Assert.Equal((1, column), (error.Row, error.Column));
        Assert.StartsWith($"No {column} column", error.Message);
    }

    [SkippableFact]
    public async Task DoctypeWithEntityExpansion_IsRefused()
    {
        var valid = _files.Xlsx("strings.xlsx", ["SKU", "Quantity"], ["A", 1d]);
        var path = _files.RewriteEntry(valid, "xl/worksheets/sheet1.xml",
            xml => "<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                   + xml[(xml.IndexOf("?>", StringComparison.Ordinal) + 2)..],
            "doctype.xlsx");

        Assert.Contains("DOCTYPE", (await RefusedAsync(path)).Message);
    }

    [SkippableFact]
    public async Task OtherExtension_IsRefused()
    {
        var path = _files.Csv("SKU,Quantity\nA,1\n", name: "stock.xls");

        Assert.Contains("upload an .xlsx or .csv", (await RefusedAsync(path)).Message);
    }

    [SkippableFact]
    public async Task ErrorsBeyondTheCap_AreCountedButNotListed()
    {
        var path = _files.Csv("SKU,Quantity\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"SKU-{i},x\n")));
        await using var content = File.OpenRead(path);

        var result = await Db.Inventory.ImportFileAsync(_store.Id, "many.csv", content, Db.User);

        Assert.Equal(40, result.ErrorCount);
        Assert.Equal(10, result.Errors.Count);
        Assert.Equal(Enumerable.Range(2, 10), result.Errors.Select(e => e.Row));
        Assert.Equal(_before, await Db.SnapshotAsync());
    }
}

public sealed class HostileFileOnSqlite() : HostileFileTests(Engine.Sqlite);

public sealed class HostileFileOnPostgres() : HostileFileTests(Engine.Postgres);
