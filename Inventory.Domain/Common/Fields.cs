using System.Globalization;

namespace Inventory.Domain.Common;

/// <summary>
/// What a valid SKU, warehouse code, order number and quantity are. The spreadsheet reader, the
/// entities, the API and the UI all ask here, so a rule and its message exist once.
/// </summary>
public static class Fields
{
    public const int SkuMaxLength = 100;
    public const int WarehouseMaxLength = 32;
    public const int OrderNumberMaxLength = 64;
    public const int NameMaxLength = 100;
    public const int ReasonMaxLength = 200;
    public const int UserMaxLength = 100;
    public const int FileNameMaxLength = 255;

    /// <summary>The most one order line may ask for.</summary>
    public const int MaxLineQuantity = 1_000_000;

    /// <summary>The most lines one order may have; with <see cref="MaxLineQuantity"/> it bounds any order's need of a SKU.</summary>
    public const int MaxOrderLines = 1_000;

    /// <summary>The largest count one stock item may hold, whether a file sets it or a restock reaches it.</summary>
    public const int MaxStockQuantity = 1_000_000_000;

    /// <summary>Why <paramref name="sku"/> is not a valid SKU, or null when it is.</summary>
    public static string? SkuProblem(string? sku) => TextProblem(sku, "SKU", SkuMaxLength);

    /// <summary>An Amazon Standard Identification Number: ten letters or digits (e.g. B0C1234XYZ).</summary>
    public const int AsinLength = 10;

    /// <summary>Why <paramref name="asin"/> is not an ASIN, or null when it is.</summary>
    public static string? AsinProblem(string? asin)
    {
        var value = asin?.Trim() ?? "";
        return value.Length == AsinLength && value.All(char.IsAsciiLetterOrDigit)
            ? null
            : $"ASIN \"{Truncate(value, 20)}\" is not an ASIN: it must be {AsinLength} letters or digits (e.g. B0C1234XYZ).";
    }

    /// <summary>Why <paramref name="code"/> is not a valid warehouse code, or null when it is.</summary>
    public static string? WarehouseProblem(string? code) => TextProblem(code, "Warehouse code", WarehouseMaxLength);

    /// <summary>A counted quantity on hand, as a stock file states it: a whole number of 0 or more.</summary>
    public static string? StockQuantityProblem(decimal quantity) => quantity switch
    {
        < 0 => $"Quantity cannot be negative ({quantity.ToString(CultureInfo.InvariantCulture)}): it is the count on hand.",
        > MaxStockQuantity => $"Quantity {quantity.ToString(CultureInfo.InvariantCulture)} is more than {MaxStockQuantity.ToString("N0", CultureInfo.InvariantCulture)}, the most one item can hold.",
        _ => null,
    };

    /// <summary>An order line's quantity: at least 1, at most <see cref="MaxLineQuantity"/>.</summary>
    public static string? LineQuantityProblem(string sku, long quantity) => quantity switch
    {
        < 1 => $"Quantity of {sku} must be at least 1, not {quantity.ToString(CultureInfo.InvariantCulture)}.",
        > MaxLineQuantity => $"Quantity of {sku} is {quantity.ToString(CultureInfo.InvariantCulture)}; one order line may ask for at most {MaxLineQuantity.ToString("N0", CultureInfo.InvariantCulture)}.",
        _ => null,
    };

    /// <summary>Trimmed text that must be present and at most <paramref name="maxLength"/> long; throws naming the field.</summary>
    public static string Required(string? value, string field, int maxLength) =>
        TextProblem(value, field, maxLength) is { } problem
            ? throw new ValidationException(field, problem)
            : Keys.Display(value);

    /// <summary>
    /// An uploaded file's name as it is stored and shown: its last path segment, without control or format
    /// characters (a U+202E, right-to-left override, makes "stock{U+202E}vsc.exe" show as "stockexe.csv"), in NFC, and at most 255
    /// characters with its extension kept, since the extension says how the file is read.
    /// </summary>
    public static string FileName(string? name)
    {
        var last = (name ?? string.Empty).Split('/', '\\')[^1];
        var plain = Keys.Display(new string(last.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format).ToArray()));
        if (plain.Length == 0)
            return "unnamed file";
        if (plain.Length <= FileNameMaxLength)
            return plain;
        var extension = Path.GetExtension(plain) is { Length: <= 10 } ext ? ext : "";
        var keep = FileNameMaxLength - extension.Length;
        if (char.IsHighSurrogate(plain[keep - 1]))
            keep--;
        return plain[..keep] + extension;
    }

    /// <summary>Text cut to <paramref name="maxLength"/>, ending in an ellipsis when cut.</summary>
    public static string Truncate(string text, int maxLength) => text.Length <= maxLength ? text : text[..(maxLength - 1)] + "…";

    /// <summary>Like <see cref="Required"/>, but empty is allowed (null).</summary>
    public static string? Optional(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null : Required(value, field, maxLength);

    private static string? TextProblem(string? value, string field, int maxLength)
    {
        var trimmed = Keys.Display(value);
        if (trimmed.Length == 0)
            return $"{field} is empty.";
        if (trimmed.Length > maxLength)
            return $"{field} is longer than {maxLength} characters.";
        for (var i = 0; i < trimmed.Length; i++)
        {
            // Invisible characters make two keys that look the same but never match (rule 12), and
            // U+FFFD is what a wrongly decoded file leaves behind: neither may become part of a key.
            var c = trimmed[i];
            var refused = char.IsAscii(c)
                ? char.IsControl(c)
                : c == '\uFFFD' || char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format;
            if (refused)
                return $"{field} contains an invisible or control character (U+{(int)c:X4} at position {i + 1}); type it again without it.";
        }
        return null;
    }
}
