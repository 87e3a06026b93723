using PdfSharp.Fonts;

namespace Inventory.Domain.Orders;

/// <summary>
/// Serves DejaVu Sans (regular and bold) from this assembly's resources to PDFsharp.
/// </summary>
/// <remarks>
/// PDFsharp 6.2's Core build has no font source on Linux: its platform resolver throws unless a custom
/// resolver is set, and the only resolvers it ships (Segoe WP "failsafe" ones in PdfSharp.Snippets) are
/// documented as demos, not for production. System fonts can't be relied on either (a fresh Debian or
/// container has none), so the label embeds DejaVu Sans, whose licence allows redistribution
/// (see Fonts/LICENSE-DejaVu.txt).
/// </remarks>
internal sealed class LabelFontResolver : IFontResolver
{
    public const string FamilyName = "DejaVu Sans";

    private const string RegularFace = "DejaVuSans";
    private const string BoldFace = "DejaVuSans-Bold";

    private static readonly Lazy<byte[]> _regular = new(() => Load("Inventory.Fonts.DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> _bold = new(() => Load("Inventory.Fonts.DejaVuSans-Bold.ttf"));
    private static readonly Lock _registerLock = new();
    private static volatile bool _registered;

    /// <summary>
    /// Installs the resolver once per process. PDFsharp's font settings are global and must not change after
    /// fonts were used, so an application's own resolver wins: ours then only becomes the fallback, if that
    /// slot is free.
    /// </summary>
    public static void EnsureRegistered()
    {
        if (_registered)
            return;
        lock (_registerLock)
        {
            if (_registered)
                return;
            if (GlobalFontSettings.FontResolver is null)
                GlobalFontSettings.FontResolver = new LabelFontResolver();
            else if (GlobalFontSettings.FallbackFontResolver is null)
                GlobalFontSettings.FallbackFontResolver = new LabelFontResolver();
            _registered = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        // Any family maps to DejaVu Sans: when this is the process's resolver there is no other font to
        // offer, and a readable label beats an exception. Italic has no face here, so PDFsharp slants it.
        return new FontResolverInfo(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);
    }

    public byte[]? GetFont(string faceName) => faceName switch
    {
        RegularFace => _regular.Value,
        BoldFace => _bold.Value,
        _ => null,
    };

    private static byte[] Load(string resourceName)
    {
        using var stream = typeof(LabelFontResolver).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded font {resourceName} is missing from {typeof(LabelFontResolver).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
