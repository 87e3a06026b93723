namespace Inventory.Domain.Import;

/// <summary>The header names a stock file may use, matched ignoring case, spaces, '_' and '-'.</summary>
public static class ImportColumns
{
    public const string Warehouse = "Warehouse";
    public const string Sku = "SKU";
    public const string Quantity = "Quantity";

    /// <summary>Optional: the Amazon ASIN the row's SKU stands for, which the apply puts in the instance's item map.</summary>
    public const string Asin = "ASIN";

    public static readonly IReadOnlyList<string> SkuAliases = ["SKU", "Seller SKU", "Item SKU", "Vendor SKU", "Item Code"];
    public static readonly IReadOnlyList<string> QuantityAliases = ["Quantity", "Qty", "Available", "On Hand", "Stock"];
    public static readonly IReadOnlyList<string> WarehouseAliases = ["Warehouse", "Warehouse Code", "Warehouse ID", "Location"];

    private static readonly Dictionary<string, string> ByNormalizedName =
        SkuAliases.Select(a => (a, Sku))
            .Concat(QuantityAliases.Select(a => (a, Quantity)))
            .Concat(WarehouseAliases.Select(a => (a, Warehouse)))
            .Append((a: Asin, Asin))
            .ToDictionary(p => Normalize(p.a), p => p.Item2);

    /// <summary>The column a header cell names, or null for a column the import ignores.</summary>
    public static string? Match(string? header) =>
        header is null ? null : ByNormalizedName.GetValueOrDefault(Normalize(header));

    private static string Normalize(string header) =>
        new(header.Where(c => !char.IsWhiteSpace(c) && c is not ('_' or '-')).Select(char.ToLowerInvariant).ToArray());
}
