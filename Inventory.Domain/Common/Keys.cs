using System.Text;

namespace Inventory.Domain.Common;

/// <summary>
/// Rule 12: warehouse codes and SKUs are compared after one normalisation — Unicode NFC, trimmed,
/// case-insensitive — so "CAFÉ" typed as one character or as E plus a combining accent is one key.
/// The database keeps this key beside the text the user typed, so lookups use a plain index.
/// Characters that would make two keys look alike without being equal (control and format
/// characters, U+FFFD) are refused by <see cref="Fields"/> before a key is ever made.
/// </summary>
public static class Keys
{
    /// <summary>The text as shown: trimmed and in NFC.</summary>
    public static string Display(string? value)
    {
        var trimmed = (value ?? string.Empty).Trim();
        // ASCII is already NFC; asking the normaliser about every key of a million-row file costs seconds.
        return Ascii.IsValid(trimmed) || trimmed.IsNormalized(NormalizationForm.FormC)
            ? trimmed
            : trimmed.Normalize(NormalizationForm.FormC);
    }

    public static string Normalize(string? value) => Display(value).ToUpperInvariant();
}
