using System.Diagnostics;

namespace Inventory.Benchmarks;

/// <summary>
/// "import": how the domain's Update Inventory from a file compares with its two halves done
/// separately — (a) MiniExcel's raw read and (b) a raw prepared SQLite upsert — and what memory it
/// takes. (c) runs twice per database: into an empty instance, then with every quantity changed.
/// </summary>
internal sealed class ImportBenchmark(ImportBenchmark.Options options)
{
    public const string Usage = "[--rows 100000,1000000] [--repeat 3] [--keep-files]";

    private static readonly string[] Formats = ["xlsx", "csv"];

    // Small enough to take a second, large enough that every path is JIT-compiled before it is timed.
    private const int WarmUpRows = 2_000;

    public sealed record Options(IReadOnlyList<int> Rows, int Repeat, bool KeepFiles)
    {
        public static Options From(BenchmarkArgs args)
        {
            var options = new Options(
                args.Ints("rows", [100_000, 1_000_000]),
                args.Int("repeat", 3),
                args.Flag("keep-files"));
            args.RejectUnused();
            return options;
        }
    }

    /// <summary>The measurements of one size in one format.</summary>
    private sealed record Result(int Rows, string Format, long FileBytes, Series Read, Series Write, Series Empty, Series Changed)
    {
        public double REmpty => Empty.MedianSeconds / (Read.MedianSeconds + Write.MedianSeconds);
        public double RChanged => Changed.MedianSeconds / (Read.MedianSeconds + Write.MedianSeconds);
    }

    public async Task RunAsync()
    {
        Report.PrintMachine();
        var folder = Directory.CreateTempSubdirectory("inventory-bench-").FullName;
        Console.WriteLine($"Files:    {folder}{(options.KeepFiles ? " (kept)" : " (deleted at the end)")}");
        Console.WriteLine($"Sizes:    {string.Join(", ", options.Rows.Select(r => r.ToString("N0")))} rows; {options.Repeat} run(s) each, median reported");
        Console.WriteLine();
        try
        {
            var warmUp = Stopwatch.StartNew();
            await RunSizeAsync(folder, WarmUpRows, repeat: 1);
            Console.WriteLine($"Warm-up with {WarmUpRows:N0} rows, every path once (not reported): {warmUp.Elapsed.TotalSeconds:F1} s");

            var results = new List<Result>();
            foreach (var rows in options.Rows)
            {
                foreach (var result in await RunSizeAsync(folder, rows, options.Repeat))
                {
                    Report.PrintResult(result.Rows, result.Format, result.FileBytes,
                        [result.Read, result.Write, result.Empty, result.Changed], result.REmpty, result.RChanged);
                    results.Add(result);
                }
            }
            PrintTargets(results);
        }
        finally
        {
            if (!options.KeepFiles)
                Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<Result>> RunSizeAsync(string folder, int rows, int repeat)
    {
        var (files, write) = GenerateAndMeasureWrite(folder, rows, repeat);
        var results = new List<Result>();
        foreach (var format in Formats)
        {
            var path = files.Path(format, changed: false);
            Progress($"{rows:N0} rows, {format}: (a) MiniExcel read");
            var read = new Series("(a) MiniExcel read, raw", rows);
            for (var run = 0; run < repeat; run++)
            {
                var seen = 0;
                read.Add(Measure.Run(() => seen = Baselines.ReadWithMiniExcel(path, format)));
                Expect(seen == rows + 1, $"(a) read {seen:N0} rows from {path}; expected {rows + 1:N0} with the header");
            }

            Progress($"{rows:N0} rows, {format}: (c) domain import, empty then every quantity changed");
            var empty = new Series("(c) import, empty instance", rows);
            var changed = new Series("(c) import, every qty changed", rows);
            for (var run = 0; run < repeat; run++)
            {
                await using var domain = await DomainImport.CreateAsync(folder, Path.Combine(folder, $"import-{rows}-{format}-{run}.db"));
                var (emptySample, created) = await domain.ImportAsync(path);
                Expect(created is { RowsRead: var r1, Created: var c, Updated: 0, Unchanged: 0 } && r1 == rows && c == rows,
                    $"(c) empty: expected {rows:N0} created, got {created}");
                empty.Add(emptySample);

                var (changedSample, updated) = await domain.ImportAsync(files.Path(format, changed: true));
                Expect(updated is { RowsRead: var r2, Created: 0, Updated: var u, Unchanged: 0 } && r2 == rows && u == rows,
                    $"(c) changed: expected {rows:N0} updated, got {updated}");
                changed.Add(changedSample);
            }
            results.Add(new Result(rows, format, new FileInfo(path).Length, read, write, empty, changed));
        }
        return results;
    }

    /// <summary>
    /// Generates the rows and the four files, and measures (b) while the rows are in memory. (b) does
    /// not depend on the file format, so it is measured once per size and shown in both tables. A
    /// method of its own so the row array is unreachable (not a field of an async state machine)
    /// when (a) and (c) are measured.
    /// </summary>
    private static (StockFiles Files, Series Write) GenerateAndMeasureWrite(string folder, int rows, int repeat)
    {
        Progress($"{rows:N0} rows: generating .xlsx and .csv files");
        var generate = Stopwatch.StartNew();
        var data = StockFileGenerator.Rows(rows);
        var files = StockFileGenerator.Write(folder, data);
        Progress($"{rows:N0} rows: generated in {generate.Elapsed.TotalSeconds:F1} s; (b) raw SQLite upsert");

        var write = new Series("(b) raw SQLite upsert *", rows);
        for (var run = 0; run < repeat; run++)
        {
            var databaseFile = Path.Combine(folder, $"raw-{rows}-{run}.db");
            using (var upsert = new RawUpsert(databaseFile))
            {
                write.Add(Measure.Run(() => upsert.Run(data)));
                Expect(upsert.Count() == rows, $"(b) wrote {upsert.Count():N0} rows; expected {rows:N0}");
            }
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(databaseFile + suffix);
        }
        return (files, write);
    }

    private static void PrintTargets(IReadOnlyList<Result> results)
    {
        var xlsx = results.FirstOrDefault(r => r is { Rows: 1_000_000, Format: "xlsx" });
        var oneMillion = results.Where(r => r.Rows == 1_000_000).ToList();
        var csv = results.FirstOrDefault(r => r is { Rows: 1_000_000, Format: "csv" });
        const string notRun = "not measured (run with --rows 1000000)";

        Console.WriteLine();
        Console.WriteLine("Targets from the issue");
        Console.WriteLine("  R <= 0.8 for the 1M-row xlsx:                 " + (xlsx is null ? notRun :
            $"empty {xlsx.REmpty:F2} {Verdict(xlsx.REmpty <= 0.8)} · changed {xlsx.RChanged:F2} {Verdict(xlsx.RChanged <= 0.8)}"));
        Console.WriteLine("  peak working set <= 300 MB in a 1M-row import: " + (oneMillion.Count == 0 ? notRun :
            string.Join(" · ", oneMillion.Select(r =>
            {
                var peak = Math.Max(r.Empty.PeakWorkingSet, r.Changed.PeakWorkingSet);
                return $"{r.Format} {Report.Mb(peak):F0} MB {Verdict(peak <= 300L * 1024 * 1024)}";
            }))));
        Console.WriteLine("  1M-row csv fully imported in <= 10 s:         " + (csv is null ? notRun :
            $"empty {csv.Empty.MedianSeconds:F2} s {Verdict(csv.Empty.MedianSeconds <= 10)} · " +
            $"changed {csv.Changed.MedianSeconds:F2} s {Verdict(csv.Changed.MedianSeconds <= 10)}"));
    }

    private static string Verdict(bool met) => met ? "[met]" : "[MISSED]";

    // Progress goes to stderr, so stdout holds only the report.
    private static void Progress(string message) => Console.Error.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {message}");

    private static void Expect(bool condition, string message)
    {
        if (!condition)
            throw new InvalidOperationException("Benchmark check failed: " + message);
    }
}
