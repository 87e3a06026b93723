using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using ZXing;
using ZXing.OneD;

namespace Inventory.Domain.Orders;

/// <summary>What a shipping label shows.</summary>
/// <param name="LabelledAtUtc">Printed as UTC; a local time is converted, an unspecified one taken as UTC.</param>
/// <param name="Lines">Printed in the given order; what does not fit becomes "+N more".</param>
public sealed record LabelContent(
    string TrackingNumber,
    string OrderNumber,
    string StoreName,
    string Warehouse,
    DateTime LabelledAtUtc,
    IReadOnlyList<(string Sku, int Quantity)> Lines);

/// <summary>Renders a 4×6 inch shipping label with the tracking number as a Code 128 barcode.</summary>
public static class LabelPdf
{
    public const double PageWidth = 4 * 72;
    public const double PageHeight = 6 * 72;

    /// <summary>Height of the bars; public so tests can tell bars from other shapes.</summary>
    public const double BarHeight = 90;

    private const double Margin = 14;

    // Most 4×6 label printers are 203 dpi. A module of whole printer dots keeps every bar and space
    // the same width once rasterised, which is what a scanner measures; fractional modules get rounded
    // unevenly and can make a barcode unreadable.
    private const double PrinterDot = 72.0 / 203;

    // Two dots (about 10 mil) is the narrowest module that still scans reliably off a thermal label.
    private const int MinDotsPerModule = 2;

    // Code 128 needs ten modules of white on each side for a scanner to find the start and stop codes.
    private const int QuietZoneModules = 10;

    private const double LineHeight = 13;

    /// <summary>Renders the label as a one-page PDF. Safe to call concurrently.</summary>
    /// <exception cref="ArgumentException">The tracking number is blank, not Code 128 text, or too long to print scannably.</exception>
    public static byte[] Render(LabelContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(content.TrackingNumber, nameof(content.TrackingNumber));
        ArgumentNullException.ThrowIfNull(content.Lines, nameof(content.Lines));

        // Encode before touching PDFsharp so bad input fails fast with ZXing's reason.
        var modules = BarModules(content.TrackingNumber);
        var moduleWidth = ModuleWidth(modules.Length, content.TrackingNumber);

        LabelFontResolver.EnsureRegistered();

        // Everything below is local to this call (PDFsharp's shared font cache is internally locked),
        // which is what makes Render safe to run on several threads at once.
        using var document = new PdfDocument();
        document.Info.Title = $"Shipping label {content.TrackingNumber}";
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);

        using (var gfx = XGraphics.FromPdfPage(page))
            Draw(gfx, content, modules, moduleWidth);

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>
    /// The marketplace's label images (PNG, one per package) as one PDF, a 4×6 page each, so every box's
    /// label prints in one go. Each image fills its page, as its maker drew it for a 4×6 label.
    /// </summary>
    public static byte[] Pages(IEnumerable<byte[]> images, string title)
    {
        using var document = new PdfDocument();
        document.Info.Title = title;
        foreach (var image in images)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            using var stream = new MemoryStream(image, writable: false);
            using var picture = XImage.FromStream(stream);
            using var gfx = XGraphics.FromPdfPage(page);
            gfx.DrawImage(picture, 0, 0, PageWidth, PageHeight);
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>The bar pattern, one entry per module (true = black), without quiet zones.</summary>
    private static bool[] BarModules(string trackingNumber)
    {
        // Width 0 and margin 0 make ZXing return exactly one matrix column per module; the label
        // scales modules itself so they line up with printer dots.
        var hints = new Dictionary<EncodeHintType, object> { [EncodeHintType.MARGIN] = 0 };
        var matrix = new Code128Writer().encode(trackingNumber, BarcodeFormat.CODE_128, 0, 1, hints);
        var modules = new bool[matrix.Width];
        for (var x = 0; x < matrix.Width; x++)
            modules[x] = matrix[x, 0];
        return modules;
    }

    private static double ModuleWidth(int moduleCount, string trackingNumber)
    {
        var dots = (int)Math.Floor((PageWidth - 2 * Margin) / ((moduleCount + 2 * QuietZoneModules) * PrinterDot));
        if (dots < MinDotsPerModule)
            throw new ArgumentException(
                $"Tracking number {trackingNumber} needs {moduleCount} bar modules, too many for a scannable barcode 4 inches wide.",
                nameof(trackingNumber));
        return dots * PrinterDot;
    }

    private static void Draw(XGraphics gfx, LabelContent content, bool[] modules, double moduleWidth)
    {
        // Fonts are made per call: XFont is cheap once PDFsharp has cached the face, and not sharing
        // instances across threads avoids relying on undocumented thread-safety.
        var title = new XFont(LabelFontResolver.FamilyName, 16, XFontStyleEx.Bold);
        var heading = new XFont(LabelFontResolver.FamilyName, 13, XFontStyleEx.Bold);
        var body = new XFont(LabelFontResolver.FamilyName, 10, XFontStyleEx.Regular);
        var small = new XFont(LabelFontResolver.FamilyName, 9, XFontStyleEx.Regular);
        var rule = new XPen(XColors.Black, 0.75);
        const double width = PageWidth - 2 * Margin;
        var tracking = TrackingFont(gfx, content.TrackingNumber, width);

        var y = Margin;
        y = Text(gfx, content.StoreName, title, y, width);
        y = Text(gfx, $"Ship from {content.Warehouse}", body, y + 2, width);
        y += 6;
        gfx.DrawLine(rule, Margin, y, PageWidth - Margin, y);

        y = Text(gfx, $"Order {content.OrderNumber}", heading, y + 8, width);
        y += 12;

        // One rectangle per run of black modules: fewer drawing operations, and no hairline seams
        // between adjacent modules when a viewer anti-aliases.
        var barsLeft = Math.Round((PageWidth - modules.Length * moduleWidth) / 2 / PrinterDot) * PrinterDot;
        for (var start = 0; start < modules.Length;)
        {
            if (!modules[start])
            {
                start++;
                continue;
            }
            var end = start;
            while (end < modules.Length && modules[end])
                end++;
            gfx.DrawRectangle(XBrushes.Black, barsLeft + start * moduleWidth, y, (end - start) * moduleWidth, BarHeight);
            start = end;
        }
        y += BarHeight + 4;

        gfx.DrawString(content.TrackingNumber, tracking, XBrushes.Black,
            new XRect(Margin, y, width, tracking.GetHeight()), XStringFormats.TopCenter);
        y += tracking.GetHeight() + 6;

        var labelledAt = content.LabelledAtUtc.Kind == DateTimeKind.Local
            ? content.LabelledAtUtc.ToUniversalTime()
            : content.LabelledAtUtc;
        y = Text(gfx, "Labelled " + labelledAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), small, y, width);
        y += 6;
        gfx.DrawLine(rule, Margin, y, PageWidth - Margin, y);

        y = Text(gfx, "Contents", heading, y + 6, width);
        DrawLines(gfx, content.Lines, body, y + 2, width);
    }

    /// <summary>12 pt, or smaller when a long number would not fit: the number must never be cut.</summary>
    private static XFont TrackingFont(XGraphics gfx, string trackingNumber, double width)
    {
        // WinAnsi writes the tracking number into the content stream as plain text (Code 128 text is
        // ASCII, so nothing is lost), which keeps it findable by tools that search the PDF.
        var options = new XPdfFontOptions(PdfFontEncoding.WinAnsi);
        var font = new XFont(LabelFontResolver.FamilyName, 12, XFontStyleEx.Regular, options);
        var measured = gfx.MeasureString(trackingNumber, font).Width;
        return measured <= width
            ? font
            : new XFont(LabelFontResolver.FamilyName, Math.Floor(12 * width / measured * 10) / 10, XFontStyleEx.Regular, options);
    }

    private static void DrawLines(XGraphics gfx, IReadOnlyList<(string Sku, int Quantity)> lines, XFont font, double top, double width)
    {
        var rows = (int)Math.Floor((PageHeight - Margin - top) / LineHeight);
        // When the lines don't all fit, the last row says how many were left out instead of one more line.
        var shown = lines.Count <= rows ? lines.Count : Math.Max(rows - 1, 0);
        var y = top;
        for (var i = 0; i < shown; i++)
        {
            var (sku, quantity) = lines[i];
            var qty = $"× {quantity.ToString(CultureInfo.InvariantCulture)}";
            var qtyWidth = gfx.MeasureString(qty, font).Width;
            gfx.DrawString(Fit(gfx, sku, font, width - qtyWidth - 8), font, XBrushes.Black, Margin, y, XStringFormats.TopLeft);
            gfx.DrawString(qty, font, XBrushes.Black, PageWidth - Margin - qtyWidth, y, XStringFormats.TopLeft);
            y += LineHeight;
        }
        if (shown < lines.Count)
            gfx.DrawString($"+{lines.Count - shown} more", font, XBrushes.Black, Margin, y, XStringFormats.TopLeft);
    }

    /// <summary>Draws one line, cut to the width, and returns the y below it.</summary>
    private static double Text(XGraphics gfx, string text, XFont font, double y, double width)
    {
        gfx.DrawString(Fit(gfx, text, font, width), font, XBrushes.Black, Margin, y, XStringFormats.TopLeft);
        return y + font.GetHeight();
    }

    /// <summary>The text, or as much of it as fits followed by an ellipsis.</summary>
    private static string Fit(XGraphics gfx, string text, XFont font, double width)
    {
        if (gfx.MeasureString(text, font).Width <= width)
            return text;
        for (var length = text.Length - 1; length > 0; length--)
        {
            // Never split a surrogate pair: half a character would render as a box.
            if (char.IsHighSurrogate(text[length - 1]))
                continue;
            var candidate = string.Concat(text.AsSpan(0, length).TrimEnd(), "…");
            if (gfx.MeasureString(candidate, font).Width <= width)
                return candidate;
        }
        return "…";
    }
}
