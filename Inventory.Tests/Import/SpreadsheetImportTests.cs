using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Import;

/// <summary>Update Inventory from real files: what is read, and every bad row named.</summary>
public abstract class SpreadsheetImportTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private readonly TestFiles _files = new();
    private InstanceView _store = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await Db.InstanceAsync(defaultWarehouse: "LAX1");
    }

    public override async Task DisposeAsync()
    {
        _files.Dispose();
        await base.DisposeAsync();
    }

    private async Task<ImportResult> ImportAsync(string path)
    {
        await using var content = File.OpenRead(path);
        return await Db.Inventory.ImportFileAsync(_store.Id, Path.GetFileName(path), content, Db.User);
    }

    private async Task<Dictionary<string, int>> StockAsync()
    {
        var page = await Db.Stock.QueryAsync(_store.Id, new StockQuery(PageSize: 1000), Db.User);
        return page.Items.ToDictionary(i => $"{i.Warehouse}/{i.Sku}", i => i.Quantity);
    }

    [SkippableFact]
    public async Task Xlsx_WithAliasedHeadersAndExtraColumns_IsImported()
    {
        var path = _files.Xlsx(
            ["Item Name", " seller_sku ", "On-Hand", "location"],
            ["Mug", "SKU-1", 5d, "EWR2"],
            ["Cup", "SKU-2", 7d, null]);

        var result = await ImportAsync(path);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(new Dictionary<string, int> { ["EWR2/SKU-1"] = 5, ["LAX1/SKU-2"] = 7 }, await StockAsync());
    }

    [SkippableFact]
    public async Task Xlsx_ALongDescriptionColumnAsExcelAllows_IsReadAndIgnored()
    {
        var description = string.Concat(Enumerable.Repeat("A kettle & a cup <b>with</b> \"quotes\" ", 32_767 / 40));
        var path = _files.Xlsx(["SKU", "Quantity", "Description"], ["KETTLE-1", 4d, description]);

        var result = await ImportAsync(path);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(4, (await StockAsync())["LAX1/KETTLE-1"]);
    }

    [SkippableFact]
    public async Task Xlsx_SkuCells_AreText_NumbersKeepNoDecimalsAndTextKeepsZeros()
    {
        var path = _files.Xlsx(["SKU", "Qty"], [123d, 1d], ["00123", 2d], [123456789012d, 3d]);

        var result = await ImportAsync(path);

        Assert.True(result.Succeeded);
        Assert.Equal(new Dictionary<string, int> { ["LAX1/123"] = 1, ["LAX1/00123"] = 2, ["LAX1/123456789012"] = 3 }, await StockAsync());
    }

    [SkippableFact]
    public async Task Xlsx_BadValues_AreEachNamedByExcelRowColumnValueAndReason_AndNothingChanges()
    {
        await Db.StockAsync(_store.Id, ("KEEP", 4));
        var before = await Db.SnapshotAsync();
        var path = _files.Xlsx(
            ["Warehouse", "SKU", "Quantity"],      // row 1
            ["LAX1", "A", 12d],                     // row 2: fine
            [null, null, null],                     // row 3: blank, skipped
            ["LAX1", "1.23457E+11", 1d],            // row 4
            ["LAX1", "B", 12.5d],                   // row 5
            ["LAX1", "C", -1d],                     // row 6
            ["LAX1", "D", "abc"],                   // row 7
            ["LAX1", "E", null],                    // row 8
            ["LAX1", null, 3d],                     // row 9
            ["LAX1", "F", "12.0"]);                 // row 10: fine (12)

        var result = await ImportAsync(path);

        Assert.False(result.Succeeded);
        Assert.Equal(6, result.ErrorCount);
        Assert.Collection(result.Errors,
            e => Assert.Equal((4, "SKU", "1.23457E+11"), (e.Row, e.Column, e.Value)),
            e => Assert.Equal((5, "Quantity", "Quantity must be a whole number, not 12.5."), (e.Row, e.Column, e.Message)),
            e => Assert.Equal((6, "Quantity", "-1"), (e.Row, e.Column, e.Value)),
            e => Assert.Equal((7, "Quantity", "Quantity must be a whole number; 'abc' is not a number."), (e.Row, e.Column, e.Message)),
            e => Assert.Equal((8, "Quantity", "Quantity is empty."), (e.Row, e.Column, e.Message)),
            e => Assert.Equal((9, "SKU", "SKU is empty."), (e.Row, e.Column, e.Message)));
        Assert.Contains("format the SKU column as Text", result.Errors[0].Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("negative", result.Errors[2].Message);
        Assert.Equal(before, await Db.SnapshotAsync());
    }

    [SkippableFact]
    public async Task Xlsx_DuplicateRow_NamesBothRows()
    {
        var path = _files.Xlsx(["SKU", "Quantity"], ["A", 1d], ["B", 1d], [" a ", 2d]);

        var result = await ImportAsync(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Row);
        Assert.Contains("row 2", error.Message);
        Assert.Equal("items[] ledger=0 imports=0", await Db.SnapshotAsync());
    }

    [SkippableTheory]
    [InlineData("Warehouse,SKU,Quantity\r\nEWR2,00123,5\r\n,\"SKU,2\",7\r\n", false)]
    [InlineData("Warehouse;SKU;Quantity\nEWR2;00123;5\n;SKU,2;7\n", true)]
    [InlineData("\"Warehouse\";\"SKU\";\"Quantity\"\r\n\"EWR2\";\"00123\";\"5\"\r\n\r\n;\"SKU,2\";7", true)]
    public async Task Csv_CommaOrSemicolon_QuotedFields_CrlfOrLf_WithOrWithoutBom(string content, bool bom)
    {
        var path = _files.Csv(content, bom: bom);

        var result = await ImportAsync(path);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(new Dictionary<string, int> { ["EWR2/00123"] = 5, ["LAX1/SKU,2"] = 7 }, await StockAsync());
    }

    [SkippableFact]
    public async Task Csv_RowNumbers_CountBlankLinesAsExcelDoes()
    {
        var path = _files.Csv("SKU,Quantity\n\nA,1\n\n\nB,x\n");

        var result = await ImportAsync(path);

        Assert.Equal(6, Assert.Single(result.Errors).Row);
    }

    [SkippableTheory]
    [InlineData("-5000000000", "cannot be negative")]
    [InlineData("5000000000", "the most one item can hold")]
    public async Task Csv_QuantityBeyondAWholeNumberRange_SaysWhichBoundItPasses(string quantity, string reason)
    {
        var result = await ImportAsync(_files.Csv($"SKU,Quantity\nA,{quantity}\n"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "Quantity"), (error.Row, error.Column));
        Assert.Contains(reason, error.Message);
    }

    [SkippableFact]
    public async Task Csv_ScientificNotationSku_IsRefusedWithTheTextAdvice()
    {
        var path = _files.Csv("SKU,Quantity\n1.23457E+11,4\n");

        var result = await ImportAsync(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "SKU"), (error.Row, error.Column));
        Assert.Contains("scientific notation", error.Message);
    }

    [SkippableFact]
    public async Task Export_ReimportsWithNothingCreatedOrUpdated_InBothFormats()
    {
        await Db.StockInAsync(_store.Id, ("LAX1", "00123", 5), ("EWR2", "=HYPERLINK(1)", 2), ("LAX1", "-dash", 0), ("LAX1", "@at", 9));
        foreach (var format in new[] { SpreadsheetFormat.Xlsx, SpreadsheetFormat.Csv })
        {
            var path = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}{SpreadsheetWriter.Extension(format)}");
            await using (var output = File.Create(path))
                await Db.Inventory.WriteExportAsync(_store.Id, output, format, Db.User);

            var result = await ImportAsync(path);
            File.Delete(path);

            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
            Assert.Equal((0, 0, 4), (result.Summary!.Created, result.Summary.Updated, result.Summary.Unchanged));
        }
        Assert.Equal(4, (await StockAsync()).Count);
    }

    [SkippableFact]
    public async Task Export_EscapesCellsThatASpreadsheetWouldRunAsFormulas()
    {
        await Db.StockAsync(_store.Id, ("=1+1", 1), ("+SUM(A1)", 1), ("@cmd", 1), ("-2", 1), ("PLAIN", 1));
        using var output = new MemoryStream();

        await Db.Inventory.WriteExportAsync(_store.Id, output, SpreadsheetFormat.Csv, Db.User);

        var csv = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("'=1+1", csv);
        Assert.Contains("'+SUM(A1)", csv);
        Assert.Contains("'@cmd", csv);
        Assert.Contains("'-2", csv);
        Assert.Contains("LAX1,PLAIN,1", csv);
    }

    [SkippableTheory]
    [InlineData(SpreadsheetFormat.Xlsx)]
    [InlineData(SpreadsheetFormat.Csv)]
    public async Task Template_HasTheHeaderAndOneExampleRow_AndImportsCleanly(SpreadsheetFormat format)
    {
        var path = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}{SpreadsheetWriter.Extension(format)}");
        await using (var output = File.Create(path))
            await Db.Inventory.WriteTemplateAsync(_store.Id, output, format, Db.User);

        var result = await ImportAsync(path);
        File.Delete(path);

        Assert.Equal((1, 1), (result.Summary!.RowsRead, result.Summary.Created));
        Assert.Equal(["LAX1/SKU-00123"], (await StockAsync()).Keys);
    }

    [SkippableFact]
    public async Task Xlsx_ByteArrayConversionIsOff_SoAFileIdCellStaysText()
    {
        var path = _files.Xlsx(["SKU", "Quantity"], ["@@@fileid@@@,xl/media/image1.png", 1d]);

        var result = await ImportAsync(path);

        Assert.True(result.Succeeded);
        Assert.Equal(["LAX1/@@@fileid@@@,xl/media/image1.png"], (await StockAsync()).Keys);
    }
}

public sealed class SpreadsheetImportOnSqlite() : SpreadsheetImportTests(Engine.Sqlite);

public sealed class SpreadsheetImportOnPostgres() : SpreadsheetImportTests(Engine.Postgres);
