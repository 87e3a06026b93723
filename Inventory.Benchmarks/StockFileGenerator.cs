using MiniExcelLibs;
using MiniExcelLibs.Attributes;

namespace Inventory.Benchmarks;

/// <summary>One line of a stock file. The attribute gives the header the import expects ("SKU", not "Sku").</summary>
internal sealed record StockRow(
    string Warehouse,
    [property: ExcelColumnName("SKU")] string Sku,
    int Quantity);

/// <summary>A generated stock file: the same rows in .xlsx and .csv, and a variant with every quantity changed.</summary>
internal sealed record StockFiles(int Rows, string Xlsx, string Csv, string ChangedXlsx, string ChangedCsv)
{
    public string Path(string format, bool changed) => (format, changed) switch
    {
        ("xlsx", false) => Xlsx,
        ("xlsx", true) => ChangedXlsx,
        ("csv", false) => Csv,
        _ => ChangedCsv,
    };
}

/// <summary>
/// Realistic stock lists, the same every run (fixed seed): a catalogue of SKUs like "AB-10432-BLK-XL",
/// each stocked in one to three of five warehouses, in shuffled order as an export from another tool
/// would be. Each (warehouse, SKU) pair appears once, so every row of a file is a distinct item.
/// </summary>
internal static class StockFileGenerator
{
    private const int Seed = 20261127;

    public static readonly string[] Warehouses = ["LAX1", "EWR2", "DFW3", "ORD4", "SEA5"];
    private static readonly string[] Colors = ["BLK", "WHT", "RED", "BLU", "GRN", "GRY", "NAV", "BRN", "PNK", "OLV"];
    private static readonly string[] Sizes = ["XS", "S", "M", "L", "XL", "XXL", "OS"];

    public static StockRow[] Rows(int count)
    {
        var random = new Random(Seed);
        var rows = new List<StockRow>(count);
        var skus = new HashSet<string>(count);
        Span<int> order = [0, 1, 2, 3, 4];
        while (rows.Count < count)
        {
            var sku = $"{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}-{random.Next(10_000, 100_000)}-" +
                      $"{Colors[random.Next(Colors.Length)]}-{Sizes[random.Next(Sizes.Length)]}";
            if (!skus.Add(sku))
                continue;
            // Distinct warehouses for this SKU: the first 1–3 of a shuffled list.
            random.Shuffle(order);
            var stockedIn = Math.Min(1 + random.Next(3), count - rows.Count);
            for (var i = 0; i < stockedIn; i++)
                rows.Add(new StockRow(Warehouses[order[i]], sku, random.Next(0, 501)));
        }
        var shuffled = rows.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }

    /// <summary>The same items in the same order, each with a different quantity (still 0..500).</summary>
    public static StockRow[] WithEveryQuantityChanged(StockRow[] rows)
    {
        var random = new Random(Seed + 1);
        // Adding 1..500 modulo 501 never gives back the same number.
        return rows.Select(r => r with { Quantity = (r.Quantity + 1 + random.Next(500)) % 501 }).ToArray();
    }

    public static StockFiles Write(string folder, StockRow[] rows)
    {
        var changed = WithEveryQuantityChanged(rows);
        var name = Name(rows);
        var files = new StockFiles(rows.Length,
            System.IO.Path.Combine(folder, name + ".xlsx"), System.IO.Path.Combine(folder, name + ".csv"),
            System.IO.Path.Combine(folder, name + "-changed.xlsx"), System.IO.Path.Combine(folder, name + "-changed.csv"));
        // An array is an ICollection, so MiniExcel knows the row count up front and writes the sheet's
        // <dimension> as Excel does; a lazy IEnumerable would give a file unlike the ones sellers upload.
        MiniExcel.SaveAs(files.Xlsx, rows, excelType: ExcelType.XLSX, overwriteFile: true);
        MiniExcel.SaveAs(files.Csv, rows, excelType: ExcelType.CSV, overwriteFile: true);
        MiniExcel.SaveAs(files.ChangedXlsx, changed, excelType: ExcelType.XLSX, overwriteFile: true);
        MiniExcel.SaveAs(files.ChangedCsv, changed, excelType: ExcelType.CSV, overwriteFile: true);
        return files;
    }

    /// <summary>Only the .xlsx of <see cref="Write"/> (same name), for a run that imports the rows once.</summary>
    public static string WriteXlsx(string folder, StockRow[] rows)
    {
        var path = System.IO.Path.Combine(folder, Name(rows) + ".xlsx");
        MiniExcel.SaveAs(path, rows, excelType: ExcelType.XLSX, overwriteFile: true);
        return path;
    }

    private static string Name(StockRow[] rows) => $"stock-{rows.Length}";
}
