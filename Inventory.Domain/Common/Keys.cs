namespace Inventory.Domain.Common;

/// <summary>
/// Warehouse codes and SKUs are compared trimmed and case-insensitively; the database keeps this
/// normalized key beside the text the user typed so lookups can use a plain index.
/// </summary>
public static class Keys
{
    public static string Display(string? value) => (value ?? string.Empty).Trim();

    public static string Normalize(string? value) => Display(value).ToUpperInvariant();
}
