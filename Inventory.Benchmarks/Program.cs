namespace Inventory.Benchmarks;

/// <summary>
/// Benchmarks of the domain's heavy paths, run in Release from a console:
/// <c>dotnet run -c Release --project Inventory.Benchmarks -- import [--rows 100000,1000000] [--repeat 3]</c>.
/// The first argument names the mode; each mode reads its own options.
/// </summary>
internal static class Program
{
    // One entry per mode: a class with a RunAsync and a line here.
    private static readonly Dictionary<string, (string Usage, Func<BenchmarkArgs, Task> Run)> Modes =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["import"] = (ImportBenchmark.Usage, args => new ImportBenchmark(ImportBenchmark.Options.From(args)).RunAsync()),
            ["accept"] = (AcceptBenchmark.Usage, args => new AcceptBenchmark(AcceptBenchmark.Options.From(args)).RunAsync()),
            ["engines"] = (EnginesBenchmark.Usage, args => new EnginesBenchmark(EnginesBenchmark.Options.From(args)).RunAsync()),
            ["grid"] = (GridBenchmark.Usage, args => new GridBenchmark(GridBenchmark.Options.From(args)).RunAsync()),
            ["circuits"] = (CircuitsBenchmark.Usage, args => new CircuitsBenchmark(CircuitsBenchmark.Options.From(args)).RunAsync()),
            ["live"] = (LiveBenchmark.Usage, args => new LiveBenchmark(LiveBenchmark.Options.From(args)).RunAsync()),
        };

    private const string DefaultMode = "import";

    public static async Task<int> Main(string[] args)
    {
        System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        // No mode named (only options, or nothing): the default mode, so a bare `dotnet run` does something useful.
        var named = args is [var first, ..] && !first.StartsWith('-');
        var mode = named ? args[0] : DefaultMode;
        var options = named ? args[1..] : args;

        if (options.Contains("--help") || options.Contains("-h") || !Modes.TryGetValue(mode, out var entry))
        {
            if (!Modes.ContainsKey(mode))
                Console.Error.WriteLine($"Unknown mode '{mode}'.");
            PrintUsage();
            return Modes.ContainsKey(mode) ? 0 : 2;
        }

        try
        {
            await entry.Run(BenchmarkArgs.Parse(options));
            return 0;
        }
        catch (BenchmarkArgs.UsageException ex)
        {
            Console.Error.WriteLine(ex.Message);
            PrintUsage();
            return 2;
        }
    }

    private static void PrintUsage()
    {
        Console.Error.WriteLine("Usage: dotnet run -c Release --project Inventory.Benchmarks -- <mode> [options]");
        foreach (var (name, (usage, _)) in Modes)
            Console.Error.WriteLine($"  {name}{(name == DefaultMode ? " (default)" : "")}: {usage}");
    }
}
