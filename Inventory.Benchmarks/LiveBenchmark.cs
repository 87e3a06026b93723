using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Benchmarks;

/// <summary>
/// "live": live updates under load. The real app runs as its own process; a real Chromium holds N
/// inventory pages of one store open; a burst of concurrent single-order accepts through the API then
/// must reach every page. Measured: from the burst's last response to each page showing the final
/// quantity.
/// </summary>
internal sealed class LiveBenchmark(LiveBenchmark.Options options)
{
    public const string Usage = "[--pages 20] [--orders 100] [--count-queries] [--no-build]   " +
                                "(--count-queries logs the server's SQL to count the grid's re-queries; that logging costs a little)";

    public const double TargetP95Ms = 500;

    private const string Sku = "LIVE-1";
    private const int Stock = 1000;
    private static readonly TimeSpan SeenTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The select of one page of the stock grid (<c>StockQueries.QueryAsync</c>), as EF Core logs it.</summary>
    private const string GridSelect = "SELECT \"s\".\"Id\", \"s\".\"Warehouse\", \"s\".\"Sku\", \"s\".\"Quantity\", \"s\".\"UpdatedAt\"";

    /// <summary>
    /// Set in each page before the burst: a MutationObserver that stamps the wall-clock time (the same clock
    /// the benchmark reads) at which the SKU's row first has a cell reading exactly the final quantity.
    /// </summary>
    private const string WatchScript = """
        ([sku, quantity]) => {
            window.__liveSeenAt = null;
            const check = () => {
                if (window.__liveSeenAt !== null) return;
                for (const row of document.querySelectorAll('tr.mud-table-row')) {
                    if (!row.textContent.includes(sku)) continue;
                    for (const cell of row.querySelectorAll('td'))
                        if (cell.textContent.trim() === quantity) { window.__liveSeenAt = Date.now(); observer.disconnect(); return; }
                }
            };
            const observer = new MutationObserver(check);
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
            check();
        }
        """;

    public sealed record Options(int Pages, int Orders, bool CountQueries, bool Build)
    {
        public static Options From(BenchmarkArgs args)
        {
            var options = new Options(args.Int("pages", 20), args.Int("orders", 100), args.Flag("count-queries"), !args.Flag("no-build"));
            args.RejectUnused();
            if (options.Orders >= Stock)
                throw new BenchmarkArgs.UsageException($"--orders must stay below the {Stock} units in stock.");
            return options;
        }
    }

    public async Task RunAsync()
    {
        var settings = new Dictionary<string, string>();
        if (options.CountQueries)
            settings["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        await using var app = await AppUnderTest.StartAsync(options.Build, demo: false, settings);
        await app.SignInAsync();
        var id = await PrepareStoreAsync(app);
        var numbers = Enumerable.Range(1, options.Orders).Select(i => $"L-{i:0000}").ToList();
        var final = (Stock - options.Orders).ToString(CultureInfo.InvariantCulture);

        await using var browser = await SignedInBrowser.LaunchAsync(app.BaseUrl, AppUnderTest.AdminEmail, AppUnderTest.AdminPassword);
        PrintHeader(app, browser, id);

        Report.Progress($"opening {options.Pages} inventory pages, one context each");
        var pages = new List<IPage>();
        for (var i = 0; i < options.Pages; i++)
        {
            var page = await browser.OpenAsync($"/instances/{id}/inventory");
            await Expect(Row(page)).ToContainTextAsync(Stock.ToString(CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
            pages.Add(page);
        }
        foreach (var page in pages)
            await page.EvaluateAsync(WatchScript, new object[] { Sku, final });
        await Task.Delay(TimeSpan.FromSeconds(1)); // the pages' first renders are over: nothing else is running

        Report.Progress($"{options.Orders} concurrent accepts");
        using var gridQueries = options.CountQueries ? app.CountLines(line => line.Contains(GridSelect, StringComparison.Ordinal)) : null;
        var burst = Stopwatch.StartNew();
        var responses = await Task.WhenAll(numbers.Select(n => Task.Run(async () =>
        {
            var response = await app.Client.PostAsJsonAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { n } });
            var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            return (Response: response, At: at);
        })));
        burst.Stop();
        var lastResponseAt = responses.Max(r => r.At);
        var sinceLast = Stopwatch.StartNew();

        // Playwright's own wait on each page, started right after the burst: when it returns is when the
        // benchmark learnt of the update, which its polling and the one driver serving every page delay.
        var waited = await Task.WhenAll(pages.Select(async page =>
        {
            await Expect(Row(page)).ToContainTextAsync(final, new() { Timeout = (float)SeenTimeout.TotalMilliseconds });
            return sinceLast.Elapsed.TotalMilliseconds;
        }));
        // When each page's DOM actually changed, as its observer stamped it.
        var seen = new List<double>();
        foreach (var page in pages)
        {
            var at = await page.EvaluateAsync<double?>("() => window.__liveSeenAt");
            Report.Expect(at is not null, "a page showed the final quantity without its observer noticing");
            seen.Add(at!.Value - lastResponseAt);
        }

        var moved = 0;
        foreach (var (response, _) in responses)
        {
            await app.EnsureAsync(response, "accept an order");
            moved += (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("moved").GetInt32();
        }
        Report.Expect(moved == options.Orders, $"{moved} of {options.Orders} accepts moved their order");
        var quantity = (await app.Client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory?search={Sku}"))
            .GetProperty("items")[0].GetProperty("quantity").GetInt32();
        Report.Expect(quantity == Stock - options.Orders, $"the store holds {quantity} of {Sku}, not {final}");
        foreach (var (response, _) in responses)
            response.Dispose();

        int? queries = null;
        if (gridQueries is not null)
        {
            await Task.Delay(TimeSpan.FromSeconds(2)); // a re-query still running when the last page was seen
            queries = gridQueries.Count;
        }

        Console.WriteLine();
        Console.WriteLine($"Burst: {options.Orders} accepts in {burst.Elapsed.TotalMilliseconds:F0} ms ({options.Orders / burst.Elapsed.TotalSeconds:F0}/s), {moved} moved; " +
                          $"{Sku} went {Stock} → {quantity}.");
        Console.WriteLine($"{"last accept response → page shows " + final,-48}{"p50 ms",8}{"p95 ms",8}{"max ms",8}{"min ms",8}");
        PrintRow("seen in the page's DOM (observer)", seen);
        PrintRow("Playwright Expect(...) returned", waited);
        Console.WriteLine($"seen, every page (ms): {string.Join(" ", seen.Order().Select(d => d.ToString("F0")))}");
        if (queries is { } count)
            Console.WriteLine($"Grid re-queries during the burst and 2 s after: {count} over {options.Pages} pages " +
                              $"({(double)count / options.Pages:F1} per page; without coalescing it would be up to {options.Orders} per page).");
        Console.WriteLine("  'seen' is the wall-clock time the page's MutationObserver stamped minus that of the last accept response " +
                          "(the same clock);");
        Console.WriteLine("  negative when a page was updated before the last response reached the benchmark. 'Expect returned' is when " +
                          "Playwright's polling, one driver for every page, reported it: an upper bound.");
        Console.WriteLine();
        Console.WriteLine("Target from the issue");
        var p95 = Percentile(seen, 95);
        Console.WriteLine($"  p95 <= {TargetP95Ms:F0} ms from the burst's last response to every page showing it:  {p95:F0} ms {Report.Verdict(p95 <= TargetP95Ms)}");

        foreach (var page in pages)
            await SignedInBrowser.CloseAsync(page);
    }

    private async Task<int> PrepareStoreAsync(AppUnderTest app)
    {
        var created = await app.Client.PostAsJsonAsync("/api/instances", new { name = "Live store", platform = "Amazon", defaultWarehouse = "LAX1" });
        await app.EnsureAsync(created, "create the store");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"SKU,Quantity\n{Sku},{Stock}\n")), "file", "stock.csv" },
        };
        await app.EnsureAsync(await app.Client.PostAsync($"/api/instances/{id}/inventory/import", form), "import the stock");

        var orders = Enumerable.Range(1, options.Orders).Select(i => new
        {
            orderNumber = $"L-{i:0000}",
            orderedAt = "2026-11-27T10:00:00Z",
            lines = new[] { new { sku = Sku, quantity = 1 } },
        });
        await app.EnsureAsync(await app.Client.PostAsJsonAsync($"/api/instances/{id}/orders", orders), "take the orders");
        return id;
    }

    private void PrintHeader(AppUnderTest app, SignedInBrowser browser, int id)
    {
        Console.WriteLine("Inventory live benchmark: live updates under a burst of accepts");
        Console.WriteLine($"Machine:  {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, " +
                          $"{RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"Server:   Inventory.Blazor (Release build) as its own process (pid {app.ProcessId}), {AppUnderTest.GcMode}; SQLite in a temporary folder" +
                          (options.CountQueries ? "; SQL commands logged (--count-queries)" : ""));
        Console.WriteLine($"Browser:  headless Chromium {browser.Version}, one context (one circuit) per page");
        Console.WriteLine($"Load:     {options.Pages} pages on /instances/{id}/inventory; {options.Orders} concurrent POST .../orders/accept, one order (1 × {Sku}) each");
        Console.WriteLine($"Started:  {DateTime.Now:yyyy-MM-dd HH:mm:ss}");
    }

    private static ILocator Row(IPage page) => page.Locator("tr.mud-table-row").Filter(new() { HasText = Sku });

    private static void PrintRow(string label, IReadOnlyCollection<double> delays) =>
        Console.WriteLine($"{label,-48}{Percentile(delays, 50),8:F0}{Percentile(delays, 95),8:F0}{delays.Max(),8:F0}{delays.Min(),8:F0}");

    /// <summary>The nearest-rank percentile: the smallest value at least <paramref name="percent"/>% of the values do not exceed.</summary>
    private static double Percentile(IEnumerable<double> values, int percent)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
