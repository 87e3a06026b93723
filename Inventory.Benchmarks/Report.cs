using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using MiniExcelLibs;

namespace Inventory.Benchmarks;

/// <summary>The printed report: plain fixed-width text, so it can be pasted into an issue as it is.</summary>
internal static class Report
{
    public static double Mb(long bytes) => bytes / (1024.0 * 1024);

    /// <summary>A line of progress; it goes to stderr, so stdout holds only the report.</summary>
    public static void Progress(string message) => Console.Error.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>Whether a figure meets the issue's target, in the form the reports print it.</summary>
    public static string Verdict(bool met) => met ? "[met]" : "[MISSED]";

    /// <summary>Stops the run when a result is wrong: figures for a wrong answer are worth nothing.</summary>
    public static void Expect(bool condition, string message)
    {
        if (!condition)
            throw new InvalidOperationException("Benchmark check failed: " + message);
    }

    public static void PrintMachine(string title = "Inventory import benchmark")
    {
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        var gc = GCSettings.IsServerGC ? "server" : "workstation";
        Console.WriteLine(title);
        Console.WriteLine($"Machine:  {Environment.ProcessorCount} logical cores, {Mb(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes) / 1024:F1} GB available to .NET, " +
                          $"{RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}");
        Console.WriteLine($"Runtime:  {RuntimeInformation.FrameworkDescription}, {gc} GC{(GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : " (concurrent)")}, " +
                          $"{Configuration} build");
        Console.WriteLine($"Packages: MiniExcel {Version(typeof(MiniExcel).Assembly)}, Microsoft.Data.Sqlite {Version(typeof(SqliteConnection).Assembly)}, " +
                          $"SQLite {sqlite.ServerVersion}");
        Console.WriteLine($"Memory:   before each run a full GC{(NativeHeap.Trims ? " and malloc_trim (C-heap memory an earlier run freed is not counted)" : "")}; " +
                          "working set sampled every 25 ms");
        Console.WriteLine($"Started:  {DateTime.Now:yyyy-MM-dd HH:mm:ss}");
#if DEBUG
        Console.WriteLine("WARNING:  a Debug build; run with -c Release for figures worth comparing.");
#endif
    }

    /// <summary>One size in one format: a line per series, then the caller's <paramref name="notes"/>.</summary>
    public static void PrintResult(int rows, string format, long fileBytes, IReadOnlyList<Series> series,
        IReadOnlyList<string> notes)
    {
        Console.WriteLine();
        Console.WriteLine($"== {rows:N0} rows · {format} ({Mb(fileBytes):F1} MB) ==");
        Console.WriteLine($"{"measurement",-36}{"median s",10}{"rows/s",12}{"peak WS MB",12}{"start WS MB",13}   runs (s)");
        foreach (var s in series)
        {
            var runs = string.Join("  ", s.Samples.Select(x => x.Elapsed.TotalSeconds.ToString("F2")));
            Console.WriteLine($"{s.Label,-36}{s.MedianSeconds,10:F2}{s.RowsPerSecond,12:N0}{Mb(s.PeakWorkingSet),12:F0}{Mb(s.StartWorkingSet),13:F0}   {runs}");
        }
        foreach (var note in notes)
            Console.WriteLine(note);
        Console.WriteLine("  peak WS = highest working set sampled during a run (worst run); start WS = at the start of a run (lowest).");
    }

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "?";

    private const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif
}
