using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Inventory.Benchmarks;

/// <summary>
/// "circuits": what an open page costs the server. The real app runs as its own process on the demo
/// store; a real Chromium opens N pages (inventory and orders, alternately), each in its own context and
/// so its own circuit; the server's resident memory before and after, divided by N, is the cost of one.
/// </summary>
internal sealed class CircuitsBenchmark(CircuitsBenchmark.Options options)
{
    public const string Usage = "[--pages 30] [--warmup 10] [--workstation-gc] [--heap-dump] [--env NAME=value,...] [--no-build]   (starts the app in Release and a headless Chromium; " +
                                "--workstation-gc runs it with DOTNET_gcServer=0 instead of its default server GC; --heap-dump compares two " +
                                "heap dumps (dotnet-dump), before and after, by type)";

    public const double TargetKbPerPage = 1024;

    private static readonly TimeSpan WarmSettle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan OpenSettle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GcSettle = TimeSpan.FromSeconds(2);

    public sealed record Options(int Pages, int WarmUp, bool WorkstationGc, bool HeapDump, bool Build, IReadOnlyDictionary<string, string> Environment)
    {
        public static Options From(BenchmarkArgs args)
        {
            var options = new Options(args.Int("pages", 30), args.Int("warmup", 10, min: 0), args.Flag("workstation-gc"), args.Flag("heap-dump"),
                !args.Flag("no-build"), Variables(args.Text("env")));
            args.RejectUnused();
            return options;
        }
    }

    public async Task RunAsync()
    {
        var settings = new Dictionary<string, string>(options.Environment);
        if (options.WorkstationGc)
            settings["DOTNET_gcServer"] = "0";
        await using var app = await AppUnderTest.StartAsync(options.Build, demo: true, settings);
        await app.SignInAsync();
        var instances = await app.Client.GetFromJsonAsync<JsonElement>("/api/instances");
        Report.Expect(instances.GetArrayLength() > 0, "the demo store was not seeded (GET /api/instances is empty)");
        var demo = instances[0];
        var id = demo.GetProperty("id").GetInt32();
        string[] paths = [$"/instances/{id}/inventory", $"/instances/{id}/orders/new"];

        await using var browser = await SignedInBrowser.LaunchAsync(app.BaseUrl, AppUnderTest.AdminEmail, AppUnderTest.AdminPassword);
        PrintHeader(app, browser, demo.GetProperty("name").GetString(), paths);

        Report.Progress($"warming up: {options.WarmUp} pages opened and closed");
        for (var i = 0; i < options.WarmUp; i++)
            await SignedInBrowser.CloseAsync(await browser.OpenAsync(paths[i % 2]));
        await Task.Delay(WarmSettle);
        var baseline = await ReadAsync(app);
        var baselineCollected = await CollectAndReadAsync(app);
        var baselineDump = await DumpAsync(app, "baseline");

        Report.Progress($"opening {options.Pages} pages, one context each");
        var opened = System.Diagnostics.Stopwatch.StartNew();
        var pages = new List<Microsoft.Playwright.IPage>();
        for (var i = 0; i < options.Pages; i++)
            pages.Add(await browser.OpenAsync(paths[i % 2]));
        opened.Stop();
        await Task.Delay(OpenSettle);
        var after = await ReadAsync(app);
        var afterCollected = await CollectAndReadAsync(app);
        var afterDump = await DumpAsync(app, "after");
        Report.Expect(pages.All(p => !p.IsClosed), "a page closed while the server was measured");

        var perPageKb = PerPageKb(baseline.Resident, after.Resident);
        Console.WriteLine();
        Console.WriteLine($"{"server memory",-30}{"resident MB",12}{"anon MB",10}{"managed MB",12}   readings (resident MB)");
        Print("baseline (warm)", baseline);
        Print($"after {options.Pages} open pages", after);
        PrintPerPage(baseline, after);
        if (baselineCollected is not null && afterCollected is not null)
        {
            Console.WriteLine("then a full GC in the server:");
            Print("  baseline", baselineCollected);
            Print($"  after {options.Pages} open pages", afterCollected);
            PrintPerPage(baselineCollected, afterCollected);
        }
        else
        {
            Console.WriteLine("(no full-GC readings: the server's diagnostics port was not found)");
        }
        if (baselineDump is not null && afterDump is not null)
            HeapDump.PrintGrowth(baselineDump, afterDump, options.Pages);
        Console.WriteLine($"Pages opened in {opened.Elapsed.TotalSeconds:F1} s ({opened.Elapsed.TotalMilliseconds / options.Pages:F0} ms each, to interactive).");
        Console.WriteLine("  resident = VmRSS (the working set); anon = RssAnon, its private part (heaps, stacks, JIT code), without mapped files;");
        Console.WriteLine("  managed = the GC heap after the full GC (System.Runtime's gc-heap-size counter).");
        Console.WriteLine($"  Each reading is the median of 3 taken 1 s apart, {WarmSettle.TotalSeconds:0} s (baseline) and {OpenSettle.TotalSeconds:0} s (after) " +
                          "after the last page opened, so garbage not yet collected counts;");
        Console.WriteLine("  the full GC is a blocking gen-2 collection induced through the server's diagnostics port (as dotnet-gcdump does),");
        Console.WriteLine($"  read {GcSettle.TotalSeconds:0} s later. Warm: {options.WarmUp} pages opened and closed first; their circuits are still held " +
                          "(disconnected) in every reading.");
        Console.WriteLine();
        Console.WriteLine("Target from the issue");
        Console.WriteLine($"  <= {TargetKbPerPage:F0} KB of server memory per open page:  {perPageKb:F0} KB {Report.Verdict(perPageKb <= TargetKbPerPage)}");

        foreach (var page in pages)
            await SignedInBrowser.CloseAsync(page);
    }

    private void PrintHeader(AppUnderTest app, SignedInBrowser browser, string? store, string[] paths)
    {
        Console.WriteLine("Inventory circuits benchmark: server memory per open page");
        Console.WriteLine($"Machine:  {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}, " +
                          $"{RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"Server:   Inventory.Blazor (Release build) as its own process (pid {app.ProcessId}), {(options.WorkstationGc ? "workstation GC (DOTNET_gcServer=0)" : AppUnderTest.GcMode)}; " +
                          "SQLite in a temporary folder, the demo store (300 items, 36 orders)");
        if (options.Environment.Count > 0)
            Console.WriteLine($"Env:      {string.Join(", ", options.Environment.Select(e => $"{e.Key}={e.Value}"))}");
        Console.WriteLine($"Browser:  headless Chromium {browser.Version}, one context (one circuit) per page");
        Console.WriteLine($"Pages:    {options.Pages}, alternating {paths[0]} and {paths[1]} of \"{store}\"");
        Console.WriteLine($"Started:  {DateTime.Now:yyyy-MM-dd HH:mm:ss}");
    }

    private sealed record Reading(long Resident, long Anonymous, IReadOnlyList<long> Residents, long? ManagedHeap = null);

    /// <summary>"NAME=value,NAME=value": more of the server's environment, to try a setting without a rebuild.</summary>
    private static Dictionary<string, string> Variables(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : throw new BenchmarkArgs.UsageException($"--env: '{pair[0]}' has no '='."));

    /// <summary>Three readings a second apart; the median of each figure.</summary>
    private static async Task<Reading> ReadAsync(AppUnderTest app)
    {
        var readings = new List<(long Resident, long Anonymous)>();
        for (var i = 0; i < 3; i++)
        {
            if (i > 0)
                await Task.Delay(TimeSpan.FromSeconds(1));
            readings.Add(app.Memory());
        }
        return new Reading(Median(readings.Select(r => r.Resident)), Median(readings.Select(r => r.Anonymous)),
            readings.Select(r => r.Resident).ToList());
    }

    /// <summary>A full GC in the server, then a reading; null when its diagnostics port cannot be reached.</summary>
    private static async Task<Reading?> CollectAndReadAsync(AppUnderTest app)
    {
        if (await InducedGc.CollectAsync(app.ProcessId) is not { } collected)
            return null;
        await Task.Delay(GcSettle);
        return await ReadAsync(app) with { ManagedHeap = collected.ManagedHeap };
    }

    /// <summary>A heap dump by type when asked for (after the readings, so it never disturbs them); null otherwise.</summary>
    private async Task<IReadOnlyDictionary<string, HeapDump.TypeTotal>?> DumpAsync(AppUnderTest app, string name)
    {
        if (!options.HeapDump)
            return null;
        var file = Path.Combine(Path.GetTempPath(), $"inventory-circuits-{app.ProcessId}-{name}.dmp");
        Report.Progress($"dotnet-dump of the server: {file}");
        return await HeapDump.TakeAsync(app.ProcessId, file)
               ?? throw new InvalidOperationException("--heap-dump needs dotnet-dump: dotnet tool install -g dotnet-dump");
    }

    private double PerPageKb(long before, long after) => (after - before) / 1024.0 / options.Pages;

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static void Print(string label, Reading reading) =>
        Console.WriteLine($"{label,-30}{Report.Mb(reading.Resident),12:F1}{Report.Mb(reading.Anonymous),10:F1}" +
                          $"{(reading.ManagedHeap is { } heap ? Report.Mb(heap).ToString("F1") : ""),12}   " +
                          string.Join("  ", reading.Residents.Select(r => Report.Mb(r).ToString("F1"))));

    private void PrintPerPage(Reading before, Reading after) =>
        Console.WriteLine($"{"  per open page",-30}{PerPageKb(before.Resident, after.Resident),9:F0} KB{PerPageKb(before.Anonymous, after.Anonymous),7:F0} KB" +
                          (before.ManagedHeap is { } b && after.ManagedHeap is { } a ? $"{PerPageKb(b, a),9:F0} KB" : ""));
}
