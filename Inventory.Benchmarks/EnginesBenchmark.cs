using System.Diagnostics;
using Inventory.Domain.Common;
using Inventory.Domain.Stock;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

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
        "[--rows 1000000] [--orders 10000] [--postgres \"Host=…;Port=…;Username=…;Password=…\"] " +
        "(a server, no Database; default $" + PostgresVariable + ", else " + DefaultPostgres + ")";

    private const string PostgresVariable = "INVENTORY_TEST_POSTGRES";
    private const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=inventory;Password=inventory";

    // The grid's smallest page size; the searches below are over the generator's SKUs ("AB-10432-BLK-XL").
    private const int PageSize = 25;
    private const string CommonSearch = "-BLK-";
    private const string Warehouse = "LAX1";
    private const int QueryRuns = 5;

    // Small enough to take a second, large enough that every import path is JIT-compiled before it is timed.
    private const int WarmUpRows = 2_000;

    public sealed record Options(int Rows, int Orders, string Postgres)
    {
        public static Options From(BenchmarkArgs args)
        {
            var postgres = args.Text("postgres")
                ?? (Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultPostgres);
            var options = new Options(args.Int("rows", 1_000_000, min: WarmUpRows), args.Int("orders", 10_000), postgres);
            args.RejectUnused();
            try
            {
                if (new NpgsqlConnectionStringBuilder(postgres).Database is { Length: > 0 } database)
                    throw new BenchmarkArgs.UsageException(
                        $"--postgres names a server, not a database (drop Database={database}): the benchmark creates and drops a database of its own.");
            }
            catch (ArgumentException ex)
            {
                throw new BenchmarkArgs.UsageException($"--postgres: not a connection string ({ex.Message}).");
            }
            return options;
        }
    }

    /// <summary>What the generated rows hold, worked out in memory, so every engine's answer can be checked.</summary>
    private sealed record Facts(int Rows, long FileBytes, int CommonMatches, string UniqueSku, int InWarehouse);

    /// <summary>One grid query, and the total it must report.</summary>
    private sealed record GridQuery(string Label, StockQuery Query, int ExpectedTotal)
    {
        // Rows of equal UpdatedAt are ordered by Id, which each engine's import hands out in its own order.
        public bool ComparePages => Query.Sort != StockSort.UpdatedAt;

        /// <summary>
        /// The page as text to compare between engines. By quantity, one SKU's rows of equal quantity
        /// in two warehouses tie (the order is quantity, then SKU), so there the warehouse is left out.
        /// </summary>
        public string Fingerprint(Page<StockItemView> page) => string.Join("|", page.Items.Select(i =>
            Query.Sort == StockSort.Quantity ? $"{i.Sku}/{i.Quantity}" : $"{i.Warehouse}/{i.Sku}/{i.Quantity}"));
    }

    private sealed record QueryTiming(double[] RunsMs, int Total, string Page)
    {
        public double MedianMs => Median(RunsMs);
        public string Range => $"{RunsMs.Min():F1}–{RunsMs.Max():F1}";
    }

    private sealed record EngineResult(
        string Engine, Series Empty, Series Changed, IReadOnlyList<QueryTiming> Queries, string? Statistics,
        IReadOnlyList<QueryTiming>? AnalyzedQueries, Series Accept, (int Moved, int Stopped) Outcome);

    /// <summary>
    /// A fresh database on one engine: the settings that point the domain at it, how to drop it, and
    /// (where the engine has them) how old its planner's statistics on the stock table are, and how
    /// to bring them up to date.
    /// </summary>
    private sealed record EngineDatabase(string Name, IReadOnlyDictionary<string, string?> Settings, Func<Task> DropAsync,
        Func<Task<string?>>? StatisticsAsync = null, Func<Task>? AnalyzeAsync = null);

    public async Task RunAsync()
    {
        Report.PrintMachine();
        // Before minutes of SQLite: a PostgreSQL that cannot be reached fails the run now.
        var server = new NpgsqlConnectionStringBuilder(options.Postgres);
        var version = await PostgresAdminAsync(options.Postgres, "SHOW server_version");
        var folder = Directory.CreateTempSubdirectory("inventory-engines-").FullName;
        try
        {
            var (files, facts) = Generate(folder, options.Rows);
            var warmUp = StockFileGenerator.Write(folder, StockFileGenerator.Rows(WarmUpRows));
            var queries = Queries(facts);
            Console.WriteLine($"Engines:  SQLite (a file in {folder}), then PostgreSQL {version} at {server.Host}:{server.Port} as {server.Username}; " +
                              "each a fresh database, created for the run and dropped after it");
            Console.WriteLine($"Warm-up:  per engine, a {WarmUpRows:N0}-row import (empty, then changed) into an instance of its own (not reported)");

            var results = new List<EngineResult>();
            foreach (var engine in new[] { SqliteDatabase(folder), PostgresDatabase(options.Postgres) })
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
    private static (StockFiles Files, Facts Facts) Generate(string folder, int count)
    {
        Progress($"{count:N0} rows: generating the .xlsx files (and .csv, unused)");
        var rows = StockFileGenerator.Rows(count);
        var files = StockFileGenerator.Write(folder, rows);
        var perSku = rows.CountBy(r => r.Sku).ToDictionary();
        // A SKU stocked in one warehouse, and a substring of no other SKU: the search finds exactly one item.
        var unique = rows.Select(r => r.Sku).First(sku => perSku[sku] == 1 && perSku.Keys.Count(other => other.Contains(sku, StringComparison.Ordinal)) == 1);
        var facts = new Facts(count, new FileInfo(files.Xlsx).Length,
            rows.Count(r => r.Sku.Contains(CommonSearch, StringComparison.Ordinal)), unique, rows.Count(r => r.Warehouse == Warehouse));
        return (files, facts);
    }

    private static List<GridQuery> Queries(Facts facts)
    {
        // The middle pages: page 20,000 of 1M items at 25 a page, and as deep at any other size.
        var middle = facts.Rows / 2 / PageSize;
        var warehouseMiddle = facts.InWarehouse / 2 / PageSize;
        return
        [
            new("first page, by SKU (default)", new StockQuery(PageSize: PageSize), facts.Rows),
            new("first page, by quantity desc", new StockQuery(PageSize: PageSize, Sort: StockSort.Quantity, Descending: true), facts.Rows),
            new("first page, by updated desc", new StockQuery(PageSize: PageSize, Sort: StockSort.UpdatedAt, Descending: true), facts.Rows),
            new($"page {middle:N0} (the middle), by SKU", new StockQuery(Page: middle, PageSize: PageSize), facts.Rows),
            new($"search \"{CommonSearch}\", first page", new StockQuery(CommonSearch, PageSize: PageSize), facts.CommonMatches),
            new($"search \"{facts.UniqueSku}\" (one item)", new StockQuery(facts.UniqueSku, PageSize: PageSize), 1),
            new($"warehouse {Warehouse}, first page", new StockQuery(Warehouse: Warehouse, PageSize: PageSize), facts.InWarehouse),
            new($"warehouse {Warehouse}, page {warehouseMiddle:N0}, by quantity",
                new StockQuery(Warehouse: Warehouse, Page: warehouseMiddle, PageSize: PageSize, Sort: StockSort.Quantity), facts.InWarehouse),
            new($"search \"{CommonSearch}\", by quantity desc",
                new StockQuery(CommonSearch, PageSize: PageSize, Sort: StockSort.Quantity, Descending: true), facts.CommonMatches),
        ];
    }

    private async Task<EngineResult> RunEngineAsync(string folder, EngineDatabase engine, StockFiles files, StockFiles warmUp,
        IReadOnlyList<GridQuery> queries, Facts facts)
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
            var timings = await TimeQueriesAsync(engine.Name, stock, domain.InstanceId, queries);
            List<QueryTiming>? analyzed = null;
            if (engine.StatisticsAsync is not null)
                statistics = $"{statistics} before the queries, {await engine.StatisticsAsync()} after them";
            if (engine.AnalyzeAsync is not null)
            {
                Progress($"{engine.Name}: ANALYZE, and the grid queries again");
                await engine.AnalyzeAsync();
                analyzed = await TimeQueriesAsync(engine.Name + " analyzed", stock, domain.InstanceId, queries);
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

    private static async Task<List<QueryTiming>> TimeQueriesAsync(string engine, StockQueries stock, int instanceId, IReadOnlyList<GridQuery> queries)
    {
        var timings = new List<QueryTiming>();
        foreach (var query in queries)
        {
            var timing = await TimeQueryAsync(stock, instanceId, query);
            Expect(timing.Total == query.ExpectedTotal, $"{engine}, {query.Label}: total {timing.Total:N0}, expected {query.ExpectedTotal:N0}");
            Expect(timing.Page.Length > 0, $"{engine}, {query.Label}: an empty page");
            timings.Add(timing);
        }
        return timings;
    }

    /// <summary>Once to warm up (JIT, plans, caches), then <see cref="QueryRuns"/> timed runs.</summary>
    private static async Task<QueryTiming> TimeQueryAsync(StockQueries stock, int instanceId, GridQuery query)
    {
        await stock.QueryAsync(instanceId, query.Query, Actor.System);
        var runs = new double[QueryRuns];
        Page<StockItemView>? page = null;
        for (var run = 0; run < QueryRuns; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            page = await stock.QueryAsync(instanceId, query.Query, Actor.System);
            runs[run] = stopwatch.Elapsed.TotalMilliseconds;
        }
        return new QueryTiming(runs, page!.Total, query.Fingerprint(page));
    }

    private static void PrintImport(Facts facts, IReadOnlyList<EngineResult> results)
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
    private static int PrintQueries(Facts facts, IReadOnlyList<GridQuery> queries, IReadOnlyList<EngineResult> results)
    {
        var (sqlite, postgres) = (results[0], results[1]);
        var analyzed = postgres.AnalyzedQueries;
        Console.WriteLine();
        Console.WriteLine($"== Grid: StockQueries.QueryAsync at the {facts.Rows:N0}-item instance, {PageSize} a page; one warm-up, median of {QueryRuns} (ms) ==");
        Console.WriteLine($"{"query",-46}{"total",10}{"SQLite",9}{"PostgreSQL",12}{"PG ÷ SQLite",13}" +
                          (analyzed is null ? "" : $"{"PG analyzed",13}{"÷ SQLite",10}") +
                          $"   min–max: SQLite | PostgreSQL{(analyzed is null ? "" : " | analyzed")}");
        var differences = 0;
        for (var i = 0; i < queries.Count; i++)
        {
            var (lite, pg, pgAnalyzed) = (sqlite.Queries[i], postgres.Queries[i], analyzed?[i]);
            var same = !queries[i].ComparePages || (lite.Page == pg.Page && (pgAnalyzed is null || lite.Page == pgAnalyzed.Page));
            if (!same)
                differences++;
            Console.WriteLine($"{queries[i].Label,-46}{lite.Total,10:N0}{lite.MedianMs,9:F1}{pg.MedianMs,12:F1}{pg.MedianMs / lite.MedianMs,13:F2}" +
                              (pgAnalyzed is null ? "" : $"{pgAnalyzed.MedianMs,13:F1}{pgAnalyzed.MedianMs / lite.MedianMs,10:F2}") +
                              $"{(same ? "  " : " ≠")} {lite.Range} | {pg.Range}{(pgAnalyzed is null ? "" : " | " + pgAnalyzed.Range)}");
        }
        Console.WriteLine("  each query counts its matches and reads one page, as the grid does; totals checked against the generated rows,");
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

    private static EngineDatabase SqliteDatabase(string folder)
    {
        var file = Path.Combine(folder, "engines.db");
        return new EngineDatabase("SQLite", new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Inventory"] = $"Data Source={file};Default Timeout=60",
        }, () =>
        {
            DomainImport.DeleteSqlite(file);
            return Task.CompletedTask;
        });
    }

    /// <summary>A database name nobody uses; the app creates it on start, as it would in production.</summary>
    private static EngineDatabase PostgresDatabase(string server)
    {
        var name = "inventory_bench_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new EngineDatabase("PostgreSQL", new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Inventory"] = connectionString,
        }, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            // The pools are closed, so only an autovacuum worker may still be in it, which a plain DROP ends
            // itself (FORCE would need pg_signal_backend to end it). The name is ours, made above.
            await PostgresAdminAsync(server, $"""DROP DATABASE IF EXISTS "{name}" """);
        }, () => PostgresAdminAsync(server, """
            SELECT coalesce('analyzed ' || round(extract(epoch FROM now() - greatest(last_analyze, last_autoanalyze))) || ' s earlier', 'never analyzed')
            FROM pg_stat_user_tables WHERE relname = 'StockItems'
            """, name),
            async () => await PostgresAdminAsync(server, """ANALYZE "StockItems" """, name));
    }

    /// <summary>One statement on a database of the server (by default <c>postgres</c>), on a connection of its own.</summary>
    private static async Task<string?> PostgresAdminAsync(string server, string sql, string database = "postgres")
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // Progress goes to stderr, so stdout holds only the report.
    private static void Progress(string message) => Console.Error.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {message}");

    private static void Expect(bool condition, string message)
    {
        if (!condition)
            throw new InvalidOperationException("Benchmark check failed: " + message);
    }
}
