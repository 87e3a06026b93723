using System.Globalization;
using System.Text.RegularExpressions;
using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

/// <summary>The units a marketplace takes a box's weight in (Amazon's shipping model: KG or LB).</summary>
public enum WeightUnit { LB, KG }

/// <summary>
/// What each box of a shipment weighs. Amazon's shipment confirmation names every container's weight, so
/// the seller gives it on Ship (or once, as the instance's default); written as "2.5 LB" or "1.2 KG".
/// </summary>
public sealed partial record BoxWeight(decimal Value, WeightUnit Unit)
{
    /// <summary>Far above any parcel a carrier takes, in either unit: a larger number is a typing slip.</summary>
    public const decimal Max = 2_000m;

    /// <summary>Reads "2.5 LB", "2.5lb" or "1.2 kg"; a clear error naming <paramref name="field"/> otherwise.</summary>
    public static BoxWeight Parse(string text, string field)
    {
        var match = Written().Match(text.Trim());
        if (!match.Success || !Enum.TryParse<WeightUnit>(match.Groups[2].Value, ignoreCase: true, out var unit)
            || !decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            throw new ValidationException(field, $"The weight per box must be a number and its unit, LB or KG (for example \"2.5 LB\"); not \"{Fields.Truncate(text, 40)}\".");
        if (value <= 0 || value > Max)
            throw new ValidationException(field, $"The weight per box must be more than 0 and at most {Max:N0} {unit}; not {value.ToString(CultureInfo.InvariantCulture)}.");
        return new BoxWeight(decimal.Round(value, 3), unit);
    }

    /// <summary>The weight from its two stored parts; null when either is missing.</summary>
    public static BoxWeight? Of(decimal? value, WeightUnit? unit) => value is { } v && unit is { } u ? new BoxWeight(v, u) : null;

    public override string ToString() => $"{Value.ToString("0.###", CultureInfo.InvariantCulture)} {Unit}";

    [GeneratedRegex(@"^(\d{1,6}(?:\.\d{1,3})?)\s*([A-Za-z]{2})$")]
    private static partial Regex Written();
}
