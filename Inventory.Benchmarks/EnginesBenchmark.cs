using Inventory.Domain.Stock;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Benchmarks;

/// <summary>
/// "engines": the same heavy paths on SQLite and then on PostgreSQL, in one run and on one machine,
/// each on a fresh database the benchmark creates and drops — the domain import of a shuffled .xlsx
/// (empty instance, then every quantity changed), the stock grid's queries at the instance that
/// import filled, and accepting NEW orders — so the two engines' figures can be set side by side.
/// </summary>
internal sealed class EnginesBenchmark(EnginesBenchmark.Options options)
{
    public const string Usage =
        "[--rows 1000000] [--orders 10000] [--postgres \"Host=…;Port=…;Username=…;Password=…\"] (" + PostgresServer.Usage + ")";

    // Small enough to take a second, large enough that every import path is JIT-compiled before it is timed.
    private const int WarmUpRows = 2_000;

    public sealed record Options(int Rows, int Orders, string Postgres)
    {
        public static Options From(BenchmarkArgs args)
        {
            var options = new Options(args.Int("rows", 1_000_000, min: WarmUpRows), args.Int("orders", 10_000), PostgresServer.From(args));
            args.RejectUnused();
            return options;
        }
    }

    private sealed record EngineResult(
        string Engine, Series Empty, Series Changed, IReadOnlyList<QueryTiming> Queries, string? Statistics,
        IReadOnlyList<QueryTiming>? AnalyzedQueries, Series Accept, (int Moved, int Stopped) Outcome);

    public async Task RunAsync()
    {
        Report.PrintMachine();
        // Before minutes of SQLite: a PostgreSQL that cannot be reached fails the run now.
        var server = await PostgresServer.DescribeAsync(options.Postgres);
        var folder = Directory.CreateTempSubdirectory("inventory-engines-").FullName;
        try
        {
            var (files, facts) = Generate(folder, options.Rows);
            var warmUp = StockFileGenerator.Write(folder, StockFileGenerator.Rows(WarmUpRows));
            var queries = GridQueries.For(facts);
            Console.WriteLine($"Engines:  SQLite (a file in {folder}), then {server}; " +
                              "each a fresh database, created for the run and dropped after it");
            Console.WriteLine($"Warm-up:  per engine, a {WarmUpRows:N0}-row import (empty, then changed) into an instance of its own (not reported)");

            var results = new List<EngineResult>();
            foreach (var engine in new[] { EngineDatabase.Sqlite(folder, "engines.db"), EngineDatabase.Postgres(options.Postgres) })
                results.Add(await RunEngineAsync(folder, engine, files, warmUp, queries, facts));

            PrintImport(facts, results);
            var differences = PrintQueries(facts, queries, results);
            PrintAccept(results);

            var (sqlite, postgres) = (results[0], results[1]);
            if (sqlite.Outcome != postgres.Outcome)
                throw new InvalidOperationException(
                    $"The engines disagree on which orders move (moved/stopped: SQLite {sqlite.Outcome}, PostgreSQL {postgres.Outcome}): the comparison is void.");
            if (differences > 0)
                throw new InvalidOperationException($"The engines returned different pages for {differences} grid query(ies) (marked ≠ above).");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The two files and the facts the queries are checked against. A method of its own so the row
    /// arrays are unreachable (not fields of an async state machine) while anything is measured.
    /// </summary>
    private static (StockFiles Files, StockFacts Facts) Generate(string folder, int count)
    {
        Progress($"{count:N0} rows: generating the .xlsx files (and .csv, unused)");
        var rows = StockFileGenerator.Rows(count);
        var files = StockFileGenerator.Write(folder, rows);
        return (files, StockFacts.Of(rows, files.Xlsx));
    }

    private async Task<EngineResult> RunEngineAsync(string folder, EngineDatabase engine, StockFiles files, StockFiles warmUp,
        IReadOnlyList<GridQuery> queries, StockFacts facts)
    {
        try
        {
            Progress($"{engine.Name}: warm-up import, {WarmUpRows:N0} rows");
            await using (var warm = await DomainImport.CreateAsync(folder, engine.Settings, release: null))
            {
                await warm.ImportAsync(warmUp.Xlsx);
                await warm.ImportAsync(warmUp.ChangedXlsx);
            }

            await using var domain = await DomainImport.CreateAsync(folder, engine.Settings, release: null);
            Progress($"{engine.Name}: import into an empty instance, {facts.Rows:N0} rows");
            var empty = new Series("empty instance", facts.Rows);
            var (emptySample, created) = await domain.ImportAsync(files.Xlsx);
            Expect(created is { RowsRead: var r1, Created: var c, Updated: 0, Unchanged: 0 } && r1 == facts.Rows && c == facts.Rows,
                $"{engine.Name}: expected {facts.Rows:N0} created, got {created}");
            empty.Add(emptySample);
            Progress($"{engine.Name}: {emptySample.Elapsed.TotalSeconds:F2} s; import with every quantity changed");
            var changed = new Series("every qty changed", facts.Rows);
            var (changedSample, updated) = await domain.ImportAsync(files.ChangedXlsx);
            Expect(updated is { RowsRead: var r2, Created: 0, Updated: var u, Unchanged: 0 } && r2 == facts.Rows && u == facts.Rows,
                $"{engine.Name}: expected {facts.Rows:N0} updated, got {updated}");
            changed.Add(changedSample);
            Progress($"{engine.Name}: {changedSample.Elapsed.TotalSeconds:F2} s; grid queries");

            // No ANALYZE of our own first: the queries meet the table as a user would right after an import.
            var stock = domain.Services.GetRequiredService<StockQueries>();
            var statistics = engine.StatisticsAsync is null ? null : await engine.StatisticsAsync();
            var timings = await GridQueries.TimeAllAsync(engine.Name, stock, domain.InstanceId, queries);
            List<QueryTiming>? analyzed = null;
            if (engine.StatisticsAsync is not null)
                statistics = $"{statistics} before the queries, {await engine.StatisticsAsync()} after them";
            if (engine.AnalyzeAsync is not null)
            {
                Progress($"{engine.Name}: ANALYZE, and the grid queries again");
                await engine.AnalyzeAsync();
                analyzed = await GridQueries.TimeAllAsync(engine.Name + " analyzed", stock, domain.InstanceId, queries);
            }

            Progress($"{engine.Name}: preparing {options.Orders:N0} NEW orders");
            var store = await AcceptBenchmark.PrepareOrdersAsync(domain.Services, options.Orders);
            Progress($"{engine.Name}: accepting them");
            var accept = new Series("accept", options.Orders);
            var (acceptSample, outcome) = await AcceptBenchmark.AcceptAllNewAsync(domain.Services, store);
            accept.Add(acceptSample);
            Progress($"{engine.Name}: {acceptSample.Elapsed.TotalSeconds:F2} s, moved {outcome.Moved:N0}, stopped {outcome.Stopped:N0}");
            return new EngineResult(engine.Name, empty, changed, timings, statistics, analyzed, accept, outcome);
        }
        finally
        {
            await engine.DropAsync();
        }
    }

    private static void PrintImport(StockFacts facts, IReadOnlyList<EngineResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"== Import: {facts.Rows:N0} rows, shuffled .xlsx ({Report.Mb(facts.FileBytes):F1} MB), InventoryService.ImportFileAsync ==");
        Console.WriteLine($"{"",-22}{"------------ SQLite ------------",34}{"---------- PostgreSQL ----------",34}");
        Console.WriteLine($"{"measurement",-22}{"s",10}{"rows/s",12}{"peak WS MB",12}{"s",10}{"rows/s",12}{"peak WS MB",12}{"PG ÷ SQLite",14}");
        foreach (var pick in new Func<EngineResult, Series>[] { r => r.Empty, r => r.Changed })
        {
            var (sqlite, postgres) = (pick(results[0]), pick(results[1]));
            Console.WriteLine($"{sqlite.Label,-22}" +
                              $"{sqlite.MedianSeconds,10:F2}{sqlite.RowsPerSecond,12:N0}{Report.Mb(sqlite.PeakWorkingSet),12:F0}" +
                              $"{postgres.MedianSeconds,10:F2}{postgres.RowsPerSecond,12:N0}{Report.Mb(postgres.PeakWorkingSet),12:F0}" +
                              $"{postgres.MedianSeconds / sqlite.MedianSeconds,14:F2}");
        }
        Console.WriteLine("  one run each; peak WS = this process's highest working set (PostgreSQL's own server processes are not in it).");
    }

    /// <summary>Prints the grid table; returns how many queries returned different pages on the two engines.</summary>
    private static int PrintQueries(StockFacts facts, IReadOnlyList<GridQuery> queries, IReadOnlyList<EngineResult> results)
    {
        var (sqlite, postgres) = (results[0], results[1]);
        var analyzed = postgres.AnalyzedQueries;
        Console.WriteLine();
        Console.WriteLine($"== Grid: StockQueries.QueryAsync at the {facts.Rows:N0}-item instance, {GridQueries.PageSize} a page; one warm-up, median of {GridQueries.Runs} (ms) ==");
        Console.WriteLine($"{"query",-50}{"total",10}{"SQLite",9}{"PostgreSQL",12}{"PG ÷ SQLite",13}" +
                          (analyzed is null ? "" : $"{"PG analyzed",13}{"÷ SQLite",10}") +
                          $"   min–max: SQLite | PostgreSQL{(analyzed is null ? "" : " | analyzed")}");
        var differences = 0;
        for (var i = 0; i < queries.Count; i++)
        {
            var (lite, pg, pgAnalyzed) = (sqlite.Queries[i], postgres.Queries[i], analyzed?[i]);
            var same = !queries[i].ComparePages || (lite.Page == pg.Page && (pgAnalyzed is null || lite.Page == pgAnalyzed.Page));
            if (!same)
                differences++;
            Console.WriteLine($"{queries[i].Label,-50}{lite.Total,10:N0}{lite.MedianMs,9:F1}{pg.MedianMs,12:F1}{pg.MedianMs / lite.MedianMs,13:F2}" +
                              (pgAnalyzed is null ? "" : $"{pgAnalyzed.MedianMs,13:F1}{pgAnalyzed.MedianMs / lite.MedianMs,10:F2}") +
                              $"{(same ? "  " : " ≠")} {lite.Range} | {pg.Range}{(pgAnalyzed is null ? "" : " | " + pgAnalyzed.Range)}");
        }
        Console.WriteLine("  each query counts its matches and reads one page, as the grid does; totals checked against the generated rows,");
        Console.WriteLine("  seek: the page reached with StockQuery.After = the last row of the page before (read first, untimed; checked against the offset page),");
        Console.WriteLine("  pages compared between the engines (not for 'updated': equal times are ordered by Id, which each engine numbers its own way).");
        if (postgres.Statistics is not null)
            Console.WriteLine($"  PostgreSQL's planner statistics on \"StockItems\" (an import that changes 10,000 items or more analyzes the table as it ends): {postgres.Statistics}.");
        if (analyzed is not null)
            Console.WriteLine("  PG analyzed: the same queries again right after an ANALYZE \"StockItems\" of the benchmark's own.");
        return differences;
    }

    private void PrintAccept(IReadOnlyList<EngineResult> results)
    {
        var (sqlite, postgres) = (results[0], results[1]);
        Console.WriteLine();
        Console.WriteLine($"== Accept: {options.Orders:N0} NEW orders (1–3 lines over {AcceptBenchmark.Skus:N0} SKUs, Inventory Check on, ~10% short), " +
                          "one OrderAcceptance.AcceptAsync call ==");
        Console.WriteLine($"{"measurement",-22}{"SQLite",16}{"PostgreSQL",16}{"PG ÷ SQLite",14}");
        Console.WriteLine($"{"seconds",-22}{sqlite.Accept.MedianSeconds,16:F2}{postgres.Accept.MedianSeconds,16:F2}" +
                          $"{postgres.Accept.MedianSeconds / sqlite.Accept.MedianSeconds,14:F2}");
        Console.WriteLine($"{"orders/s",-22}{sqlite.Accept.RowsPerSecond,16:N0}{postgres.Accept.RowsPerSecond,16:N0}");
        Console.WriteLine($"{"peak WS MB",-22}{Report.Mb(sqlite.Accept.PeakWorkingSet),16:F0}{Report.Mb(postgres.Accept.PeakWorkingSet),16:F0}");
        Console.WriteLine($"{"moved / stopped",-22}{$"{sqlite.Outcome.Moved:N0} / {sqlite.Outcome.Stopped:N0}",16}{$"{postgres.Outcome.Moved:N0} / {postgres.Outcome.Stopped:N0}",16}" +
                          $"{(sqlite.Outcome == postgres.Outcome ? "  same" : "  DIFFERENT")}");
        Console.WriteLine("  one run each, in the database the import filled (an instance of its own), prepared as the 'accept' mode prepares it.");
    }

    private static void Progress(string message) => Report.Progress(message);

    private static void Expect(bool condition, string message) => Report.Expect(condition, message);
}
