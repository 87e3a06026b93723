using System.Globalization;
using System.Text.RegularExpressions;
using Inventory.Domain.Common;

namespace Inventory.Domain.Import;

/// <summary>
/// What a spreadsheet cell holds, as the import reads it: a SKU is text, a quantity a whole number.
/// Whether the value is then acceptable (length, range, characters) is decided by <see cref="Fields"/>.
/// </summary>
internal static partial class CellValues
{
    /// <summary>A SKU is text: 123 stays "123", "00123" keeps its zeros, and Excel's 1.23457E+11 is refused.</summary>
    public static bool TryReadSku(object? value, out string? sku, out string? error)
    {
        (sku, error) = (null, null);
        switch (value)
        {
            case double d when Math.Abs(d) >= 1e15:
                error = "This SKU is a number too long for Excel to keep exactly. Format the SKU column as Text and type the SKUs again.";
                return false;
            case double d:
                sku = d.ToString("0.###############", CultureInfo.InvariantCulture);
                return true;
            default:
                // An empty or over-long SKU is the domain's call (Fields), made for every source of rows.
                var text = Unescape(Text(value))?.Trim() ?? string.Empty;
                if (ScientificNotation().IsMatch(text))
                {
                    error = $"'{text}' looks like a number Excel turned into scientific notation. Format the SKU column as Text and type the SKUs again.";
                    return false;
                }
                sku = text;
                return true;
        }
    }

    /// <summary>A whole number (12.0 is 12); 12.5, abc and empty each get their own reason. Its range is the domain's call (Fields).</summary>
    public static bool TryReadQuantity(object? value, out int? quantity, out string? error)
    {
        (quantity, error) = (null, null);
        decimal number;
        switch (value)
        {
            case double d when double.IsFinite(d):
                number = d is > (double)decimal.MaxValue or < (double)decimal.MinValue ? decimal.MaxValue : (decimal)d;
                break;
            default:
                var text = Text(value)?.Trim();
                if (string.IsNullOrEmpty(text))
                {
                    error = "Quantity is empty.";
                    return false;
                }
                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    error = $"Quantity must be a whole number; '{text}' is not a number.";
                    return false;
                }
                break;
        }
        if (number != decimal.Truncate(number))
            error = $"Quantity must be a whole number, not {number.ToString(CultureInfo.InvariantCulture)}.";
        else if (number < int.MinValue || number > int.MaxValue)
            error = Fields.StockQuantityProblem(number);
        else
            quantity = (int)number;
        return error is null;
    }

    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Undoes the export's formula-injection escape ('=...), so an exported file re-imports unchanged.</summary>
    public static string? Unescape(string? text) =>
        text is ['\'', '=' or '+' or '-' or '@' or '\t' or '\r', ..] ? text[1..] : text;

    [GeneratedRegex(@"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")]
    private static partial Regex ScientificNotation();
}
