using System.Diagnostics;
using Inventory.Domain.Stock;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Benchmarks;

/// <summary>
/// "grid": the stock grid's queries (the issue's table: first pages in each sort, a deep page by
/// offset and by seek, SKU searches, a warehouse filter) at instances of each size, each against the
/// issue's target of 50 ms. Per size and engine a fresh database, filled once by the domain's import
/// of a shuffled .xlsx, and dropped afterwards.
/// </summary>
internal sealed class GridBenchmark(GridBenchmark.Options options)
{
    public const string Usage =
        "[--rows 100000,1000000] [--engines sqlite,postgres] [--postgres [\"Host=…;Port=…;Username=…;Password=…\"]] [--keep-files] " +
        "(SQLite; PostgreSQL too with --postgres or $" + PostgresServer.Variable + " set, unless --engines says otherwise; " +
        "--postgres: " + PostgresServer.Usage + ")";

    private const string SqliteName = "sqlite";
    private const string PostgresName = "postgres";
    private static readonly string[] KnownEngines = [SqliteName, PostgresName];

    /// <summary>The issue's target for every grid query, on the median.</summary>
    private const double TargetMs = 50;

    public sealed record Options(IReadOnlyList<int> Rows, IReadOnlyList<string> Engines, string Server, bool KeepFiles)
    {
        public static Options From(BenchmarkArgs args)
        {
            var rows = args.Ints("rows", [100_000, 1_000_000], min: GridQueries.MinimumRows);
            var postgresAsked = args.Flag("postgres") || PostgresServer.InEnvironment;
            var server = PostgresServer.From(args);
            IReadOnlyList<string> engines = postgresAsked ? KnownEngines : [SqliteName];
            if (args.Flag("engines"))
                engines = ParseEngines(args.Text("engines"));
            var options = new Options(rows, engines, server, args.Flag("keep-files"));
            args.RejectUnused();
            return options;
        }

        private static List<string> ParseEngines(string? text)
        {
            var engines = new List<string>();
            foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var engine = part.ToLowerInvariant() switch
                {
                    SqliteName => SqliteName,
                    PostgresName or "postgresql" or "pg" => PostgresName,
                    _ => throw new BenchmarkArgs.UsageException($"--engines: '{part}' is neither {SqliteName} nor {PostgresName}."),
                };
                if (!engines.Contains(engine))
                    engines.Add(engine);
            }
            return engines.Count > 0 ? engines : throw new BenchmarkArgs.UsageException($"--engines needs a value ({SqliteName},{PostgresName}).");
        }
    }

    /// <summary>One engine's answers at one size.</summary>
    private sealed record Result(string Engine, StockFacts Facts, IReadOnlyList<GridQuery> Queries, IReadOnlyList<QueryTiming> Timings);

    public async Task RunAsync()
    {
        Report.PrintMachine("Inventory grid benchmark");
        // Before minutes of SQLite: a PostgreSQL that cannot be reached fails the run now.
        var postgres = options.Engines.Contains(PostgresName) ? await PostgresServer.DescribeAsync(options.Server) : null;
        var folder = Directory.CreateTempSubdirectory("inventory-grid-").FullName;
        var engines = options.Engines.Select(e => e == SqliteName ? $"SQLite (files in {folder})" : postgres).ToList();
        Console.WriteLine($"Engines:  {string.Join(", then ", engines)}; a fresh database per size and engine, " +
                          $"created for it and dropped after it{(options.KeepFiles ? " (--keep-files: not the SQLite files, nor the .xlsx)" : "")}");
        Console.WriteLine($"Sizes:    {string.Join(", ", options.Rows.Select(r => r.ToString("N0")))} items, each imported once per engine " +
                          "from a shuffled .xlsx by InventoryService.ImportFileAsync (not timed here)");
        Console.WriteLine($"Queries:  StockQueries.QueryAsync, {GridQueries.PageSize} a page; one warm-up, then the median of {GridQueries.Runs} runs; " +
                          $"target <= {TargetMs:F0} ms each");
        var results = new List<Result>();
        try
        {
            foreach (var rows in options.Rows)
            {
                var (xlsx, facts) = Generate(folder, rows);
                var queries = GridQueries.For(facts);
                foreach (var engine in options.Engines)
                {
                    var database = engine == SqliteName
                        ? EngineDatabase.Sqlite(folder, $"grid-{rows}.db", options.KeepFiles)
                        : EngineDatabase.Postgres(options.Server);
                    var result = await RunEngineAsync(folder, database, xlsx, facts, queries);
                    results.Add(result);
                }
                if (!options.KeepFiles)
                    File.Delete(xlsx);
            }
            PrintTargets(results);
        }
        finally
        {
            if (options.KeepFiles)
                Console.WriteLine($"Files kept in {folder}");
            else
                Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The .xlsx and the facts the queries are checked against. A method of its own so the row array
    /// is unreachable (not a field of an async state machine) while anything is measured.
    /// </summary>
    private static (string Xlsx, StockFacts Facts) Generate(string folder, int count)
    {
        Report.Progress($"{count:N0} rows: generating the .xlsx");
        var rows = StockFileGenerator.Rows(count);
        var xlsx = StockFileGenerator.WriteXlsx(folder, rows);
        return (xlsx, StockFacts.Of(rows, xlsx));
    }

    private static async Task<Result> RunEngineAsync(string folder, EngineDatabase engine, string xlsx, StockFacts facts,
        IReadOnlyList<GridQuery> queries)
    {
        try
        {
            Report.Progress($"{engine.Name}, {facts.Rows:N0} rows: a fresh database, and the import");
            await using var domain = await DomainImport.CreateAsync(folder, engine.Settings, release: null);
            var import = Stopwatch.StartNew();
            var (_, created) = await domain.ImportAsync(xlsx);
            import.Stop();
            Report.Expect(created is { RowsRead: var read, Created: var c, Updated: 0, Unchanged: 0 } && read == facts.Rows && c == facts.Rows,
                $"{engine.Name}: expected {facts.Rows:N0} created, got {created}");

            Report.Progress($"{engine.Name}, {facts.Rows:N0} rows: imported in {import.Elapsed.TotalSeconds:F1} s; its background work");
            // What the apply leaves to the background (deleting a million kept rows, merging the search
            // index) would otherwise share the two cores with the queries timed here.
            var background = await domain.WaitForBackgroundWorkAsync(TimeSpan.FromMinutes(2));
            Report.Progress($"{engine.Name}, {facts.Rows:N0} rows: background work done in {background.TotalSeconds:F1} s; the grid queries");
            // No ANALYZE of the benchmark's own: the queries meet the table as a user would after an import.
            var statistics = engine.StatisticsAsync is null ? null : await engine.StatisticsAsync();
            var stock = domain.Services.GetRequiredService<StockQueries>();
            var timings = await GridQueries.TimeAllAsync($"{engine.Name} at {facts.Rows:N0}", stock, domain.InstanceId, queries);
            var result = new Result(engine.Name, facts, queries, timings);
            Print(result, import.Elapsed, background, statistics);
            return result;
        }
        finally
        {
            await engine.DropAsync();
        }
    }

    private static void Print(Result result, TimeSpan import, TimeSpan background, string? statistics)
    {
        var facts = result.Facts;
        Console.WriteLine();
        Console.WriteLine($"== Grid: {result.Engine}, {facts.Rows:N0} items, {GridQueries.PageSize} a page (ms; median of {GridQueries.Runs} after a warm-up) ==");
        Console.WriteLine($"{"#",-3}{"query",-50}{"total",10}{"median",9}{"min–max",14}{"first",9}   target <= {TargetMs:F0} ms");
        for (var i = 0; i < result.Queries.Count; i++)
        {
            var (query, timing) = (result.Queries[i], result.Timings[i]);
            Console.WriteLine($"{query.Class,-3}{query.Label,-50}{timing.Total,10:N0}{timing.MedianMs,9:F1}{timing.Range,14}{timing.FirstMs,9:F1}   {Report.Verdict(Met(timing))}");
        }
        Console.WriteLine("  each query counts its matches and reads one page, as the grid does; every total checked against the generated rows.");
        Console.WriteLine("  first: the warm-up run, not in the median; it pays for what is kept for the next runs (a filter's count, the");
        Console.WriteLine("  marks a deep page in SKU or warehouse order starts from), until items come or go.");
        Console.WriteLine("  offset: the page found by skipping the rows before it; seek: reached with StockQuery.After = the last row of the");
        Console.WriteLine("  page before (that row read first, untimed), and checked to return the same rows as the offset.");
        Console.WriteLine($"  by the way: the import that filled the instance ({Report.Mb(facts.FileBytes):F1} MB .xlsx, {facts.Rows:N0} rows, empty instance) " +
                          $"took {import.TotalSeconds:F1} s; the queries began once its background work was done, {background.TotalSeconds:F1} s later.");
        if (statistics is not null)
            Console.WriteLine($"  planner statistics on \"StockItems\" when the queries began: {statistics}.");
    }

    private static void PrintTargets(IReadOnlyList<Result> results)
    {
        var all = results.SelectMany(r => r.Timings).ToList();
        var missed = results
            .SelectMany(r => r.Queries.Zip(r.Timings, (q, t) => (r.Engine, r.Facts.Rows, Query: q, Timing: t)))
            .Where(x => !Met(x.Timing))
            .ToList();
        Console.WriteLine();
        Console.WriteLine($"Target from the issue: every grid query <= {TargetMs:F0} ms (median): {all.Count - missed.Count} of {all.Count} met " +
                          Report.Verdict(missed.Count == 0));
        foreach (var (engine, rows, query, timing) in missed)
            Console.WriteLine($"  [MISSED] {engine}, {rows:N0} items: {query.Class} {query.Label}: {timing.MedianMs:F1} ms");
    }

    private static bool Met(QueryTiming timing) => timing.MedianMs <= TargetMs;
}
