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

    /// <summary>Why <paramref name="sku"/> is not a valid SKU, or null when it is.</summary>
    public static string? SkuProblem(string? sku) => TextProblem(sku, "SKU", SkuMaxLength);

    /// <summary>Why <paramref name="code"/> is not a valid warehouse code, or null when it is.</summary>
    public static string? WarehouseProblem(string? code) => TextProblem(code, "Warehouse code", WarehouseMaxLength);

    /// <summary>A counted quantity on hand, as a stock file states it: a whole number of 0 or more.</summary>
    public static string? StockQuantityProblem(long quantity) => quantity < 0
        ? $"Quantity cannot be negative ({quantity.ToString(CultureInfo.InvariantCulture)}): it is the count on hand."
        : null;

    /// <summary>An order line's quantity: at least 1.</summary>
    public static string? LineQuantityProblem(string sku, long quantity) => quantity < 1
        ? $"Quantity of {sku} must be at least 1, not {quantity.ToString(CultureInfo.InvariantCulture)}."
        : null;

    /// <summary>Trimmed text that must be present and at most <paramref name="maxLength"/> long; throws naming the field.</summary>
    public static string Required(string? value, string field, int maxLength) =>
        TextProblem(value, field, maxLength) is { } problem
            ? throw new ValidationException(field, problem)
            : Keys.Display(value);

    private static string? TextProblem(string? value, string field, int maxLength)
    {
        var trimmed = Keys.Display(value);
        if (trimmed.Length == 0)
            return $"{field} is empty.";
        return trimmed.Length > maxLength ? $"{field} is longer than {maxLength} characters." : null;
    }
}
