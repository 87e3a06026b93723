using System.Text;
using Inventory.Domain.Orders;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;
using ZXing.Common;
using ZXing.OneD;

namespace Inventory.Tests.Domain;

/// <summary>The 4×6 shipping label: a valid one-page PDF whose drawn bars scan back to the tracking number.</summary>
public sealed class LabelPdfTests
{
    private const string Tracking = "1ZINV0123456789012345";

    [Fact]
    public void Render_IsAPdfOfOneFourBySixInchPage()
    {
        var bytes = LabelPdf.Render(Label());

        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        using var document = Open(bytes);
        Assert.Equal(1, document.PageCount);
        var page = document.Pages[0];
        Assert.Equal(288, page.Width.Point, 3);
        Assert.Equal(432, page.Height.Point, 3);
    }

    [Fact]
    public void Render_WritesTheTrackingNumberOrderAndDateAsText()
    {
        var texts = Texts(LabelPdf.Render(Label()));

        Assert.Contains(Tracking, texts);
        Assert.Contains("Order ORD-1001", texts);
        Assert.Contains("Ship from LAX1", texts);
        Assert.Contains("Labelled 2025-06-01 14:05 UTC", texts);
        Assert.Contains("SKU-A", texts);
        Assert.Contains("× 2", texts);
    }

    [Theory]
    [InlineData(Tracking)]                              // code set B, then C for the digits
    [InlineData("9400111899223197428490")]              // all digits (USPS-like)
    [InlineData("1234567890123456789012345678901234")]  // 34 digits (FedEx-like)
    [InlineData("123456789012345678901234567890123456789012")] // 42 digits: the text has to shrink to fit
    [InlineData("TBA123456789000")]
    [InlineData("abc-XYZ_09 +./")]                      // lower case and punctuation
    public void Render_DrawsBarsThatScanBackToTheTrackingNumber(string trackingNumber)
    {
        var pdf = LabelPdf.Render(Label(trackingNumber));
        Assert.Contains(trackingNumber, Texts(pdf));
        var bars = Bars(pdf);
        Assert.NotEmpty(bars);

        // Rebuild the scan line from the rectangles alone, as a scanner would see it.
        var module = bars.Min(b => b.Width);
        var left = bars[0].X;
        var right = bars[^1].X + bars[^1].Width;
        var modules = Modules(right - left, module);
        const int quiet = 10;
        var row = new BitArray(quiet + modules + quiet);
        foreach (var bar in bars)
        {
            var start = Modules(bar.X - left, module);
            var count = Modules(bar.Width, module);
            for (var i = 0; i < count; i++)
                row[quiet + start + i] = true;
        }

        var result = new Code128Reader().decodeRow(0, row, null);
        Assert.NotNull(result);
        Assert.Equal(trackingNumber, result.Text);
        Assert.True(left - quiet * module >= 0 && right + quiet * module <= 288, "the quiet zones must fit on the label");
        Assert.True(module >= 2 * 72.0 / 203 - 0.001, $"module {module:0.###} pt is narrower than two 203 dpi dots");
    }

    [Fact]
    public void Render_TooManyLines_ListsThoseThatFitAndCountsTheRest()
    {
        var lines = Enumerable.Range(1, 40).Select(i => ($"SKU-{i:00}", i)).ToList();

        var texts = Texts(LabelPdf.Render(Label(lines: lines)));

        var shown = texts.Count(t => t.StartsWith("SKU-", StringComparison.Ordinal));
        Assert.InRange(shown, 5, 39);
        Assert.Equal(lines.Take(shown).Select(l => l.Item1), texts.Where(t => t.StartsWith("SKU-", StringComparison.Ordinal)));
        Assert.Contains($"+{40 - shown} more", texts);
    }

    [Fact]
    public void Render_AllLinesFit_AddsNoMoreLine()
    {
        var texts = Texts(LabelPdf.Render(Label()));

        Assert.DoesNotContain(texts, t => t.EndsWith(" more", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_LongStoreName_IsCutWithAnEllipsis()
    {
        var name = string.Concat(Enumerable.Repeat("Very Long Store Name ", 10));

        var texts = Texts(LabelPdf.Render(Label() with { StoreName = name }));

        var drawn = Assert.Single(texts, t => t.StartsWith("Very Long", StringComparison.Ordinal));
        Assert.EndsWith("…", drawn);
        Assert.True(drawn.Length < name.Length);
    }

    [Fact]
    public void Render_TextOutsideWesternScripts_StillRenders()
    {
        // Cyrillic is in DejaVu Sans; CJK is not and must not make rendering fail.
        var bytes = LabelPdf.Render(Label() with { StoreName = "Склад Москва 東京", Warehouse = "Łódź" });

        using var document = Open(bytes);
        Assert.Equal(1, document.PageCount);
        Assert.Contains(Tracking, Texts(bytes));
    }

    [Fact]
    public void Render_ManyThreadsAtOnce_EachLabelCarriesItsOwnTrackingNumber()
    {
        var numbers = Enumerable.Range(0, 16).Select(i => $"1ZINV{i:0000000000000000}").ToArray();
        var labels = new byte[numbers.Length][];

        Parallel.For(0, numbers.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => labels[i] = LabelPdf.Render(Label(numbers[i])));

        for (var i = 0; i < numbers.Length; i++)
            Assert.Contains(numbers[i], Texts(labels[i]));
    }

    [Theory]
    [InlineData("1Z€123")]                                          // Code 128 has no euro sign
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn")]       // 40 letters: modules too thin on 4 inches
    public void Render_TrackingNumberThatCannotBePrintedScannably_Throws(string trackingNumber)
    {
        Assert.ThrowsAny<ArgumentException>(() => LabelPdf.Render(Label(trackingNumber)));
    }

    [Fact]
    public void Render_BlankTrackingNumber_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => LabelPdf.Render(Label(" ")));
    }

    private static LabelContent Label(string trackingNumber = Tracking, IReadOnlyList<(string Sku, int Quantity)>? lines = null) =>
        new(trackingNumber, "ORD-1001", "Acme Store", "LAX1", new DateTime(2025, 6, 1, 14, 5, 0, DateTimeKind.Utc),
            lines ?? [("SKU-A", 2), ("SKU-B", 1)]);

    private static PdfDocument Open(byte[] bytes) => PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);

    private static int Modules(double width, double module)
    {
        var count = width / module;
        // Every bar and gap must be a whole number of modules, or a scanner would misread the widths.
        Assert.True(Math.Abs(count - Math.Round(count)) < 0.02, $"{width:0.####} pt is not a whole number of {module:0.####} pt modules");
        return (int)Math.Round(count);
    }

    /// <summary>The strings shown by the page's text operators; WinAnsi text reads back as written.</summary>
    private static List<string> Texts(byte[] pdf)
    {
        using var document = Open(pdf);
        var texts = new List<string>();
        foreach (var op in Operators(ContentReader.ReadContent(document.Pages[0])))
        {
            if (op.Name == "Tj")
                texts.AddRange(op.Operands.OfType<CString>().Select(WinAnsi));
            else if (op.Name == "TJ")
                texts.Add(string.Concat(op.Operands.OfType<CArray>().SelectMany(a => a.OfType<CString>()).Select(WinAnsi)));
        }
        return texts;
    }

    /// <summary>PdfSharp reads literal strings back byte for byte; WinAnsi text needs code page 1252 to read as written (e.g. "…").</summary>
    private static string WinAnsi(CString value)
    {
        if (value.CStringType != CStringType.String)
            return value.Value;
        var bytes = value.Value.Select(c => (byte)c).ToArray();
        return CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(bytes);
    }

    /// <summary>The filled rectangles of bar height, left to right.</summary>
    private static List<(double X, double Width)> Bars(byte[] pdf)
    {
        using var document = Open(pdf);
        return Operators(ContentReader.ReadContent(document.Pages[0]))
            .Where(op => op.Name == "re")
            .Select(op => op.Operands.Select(Number).ToArray())
            .Where(r => Math.Abs(Math.Abs(r[3]) - LabelPdf.BarHeight) < 0.001)
            .Select(r => (X: r[2] >= 0 ? r[0] : r[0] + r[2], Width: Math.Abs(r[2])))
            .OrderBy(b => b.X)
            .ToList();
    }

    private static double Number(CObject value) => value switch
    {
        CReal real => real.Value,
        CInteger integer => integer.Value,
        _ => throw new InvalidOperationException($"Not a number: {value}"),
    };

    private static IEnumerable<COperator> Operators(CSequence sequence)
    {
        foreach (var item in sequence)
        {
            if (item is COperator op)
                yield return op;
            else if (item is CSequence inner)
                foreach (var nested in Operators(inner))
                    yield return nested;
        }
    }
}
