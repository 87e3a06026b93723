using Inventory.Domain;
using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Benchmarks;

/// <summary>
/// "accept": NEW orders (1–3 lines, Inventory Check on, about 90% sufficient) accepted one
/// transaction per order through <see cref="OrderAcceptance"/>, against the same transactions as raw
/// prepared SQL on an identical copy of the database, measured in the same run.
/// </summary>
internal sealed class AcceptBenchmark(AcceptBenchmark.Options options)
{
    public const string Usage = "[--orders 10000] [--repeat 3]";

    public const int Skus = 2_000;

    public sealed record Options(int Orders, int Repeat)
    {
        public static Options From(BenchmarkArgs args)
        {
            var options = new Options(args.Int("orders", 10_000), args.Int("repeat", 3));
            args.RejectUnused();
            return options;
        }
    }

    public async Task RunAsync()
    {
        Report.PrintMachine();
        var folder = Directory.CreateTempSubdirectory("inventory-accept-").FullName;
        try
        {
            var template = Path.Combine(folder, "template.db");
            var instanceId = await PrepareAsync(folder, template);
            Console.WriteLine($"Orders:   {options.Orders:N0} NEW, 1–3 lines over {Skus:N0} SKUs; ~10% short; {options.Repeat} run(s), median");

            var domain = new Series("domain OrderAcceptance.AcceptAsync", options.Orders);
            var raw = new Series("raw prepared SQL, same transactions", options.Orders);
            var outcomes = (Domain: (0, 0), Raw: (0, 0));
            for (var run = 0; run < options.Repeat; run++)
            {
                var (sample, moved) = await AcceptThroughDomainAsync(folder, template, instanceId);
                domain.Add(sample);
                outcomes.Domain = moved;
                var rawFile = Copy(template, Path.Combine(folder, $"raw-{run}.db"));
                var rawSample = Measure.Run(() => outcomes.Raw = RawAccept.Run(rawFile, instanceId));
                raw.Add(rawSample);
                SqliteConnection.ClearAllPools();
            }

            Console.WriteLine();
            Console.WriteLine($"{"measurement",-40} {"median s",9} {"orders/s",10}   runs (s)");
            foreach (var series in new[] { domain, raw })
                Console.WriteLine($"{series.Label,-40} {series.MedianSeconds,9:F2} {series.RowsPerSecond,10:N0}   " +
                                  string.Join("  ", series.Samples.Select(s => s.Elapsed.TotalSeconds.ToString("F2"))));
            Console.WriteLine($"moved / stopped: domain {outcomes.Domain.Item1:N0} / {outcomes.Domain.Item2:N0} · raw {outcomes.Raw.Item1:N0} / {outcomes.Raw.Item2:N0}");
            var ratio = domain.RowsPerSecond / raw.RowsPerSecond;
            Console.WriteLine($"domain / raw rate: {ratio:F2}");
            Console.WriteLine();
            Console.WriteLine("Targets from the issue");
            Console.WriteLine($"  >= 2,000 orders/s through the domain service:  {domain.RowsPerSecond:N0} [{(domain.RowsPerSecond >= 2000 ? "met" : "MISSED")}]");
            Console.WriteLine($"  >= half the raw baseline's rate:               {ratio:F2} [{(ratio >= 0.5 ? "met" : "MISSED")}]");
            if (outcomes.Domain != outcomes.Raw)
                throw new InvalidOperationException("The domain and the raw baseline disagree on which orders move: the comparison is void.");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A database with stock and NEW orders, built through the domain, then kept as a template file.</summary>
    private async Task<int> PrepareAsync(string folder, string template)
    {
        await using var provider = await DomainAsync(folder, template);
        return await PrepareOrdersAsync(provider, options.Orders);
    }

    /// <summary>
    /// A new instance (Inventory Check on) with <see cref="Skus"/> SKUs in stock and
    /// <paramref name="orders"/> NEW orders of 1–3 lines, about 10% of them short, always the same
    /// (fixed seed), on any engine the domain runs on. Returns the instance's id.
    /// </summary>
    public static async Task<int> PrepareOrdersAsync(IServiceProvider provider, int orders)
    {
        var instances = provider.GetRequiredService<InstanceService>();
        var store = await instances.CreateAsync(new NewInstance("Bench", Platform.Amazon, "LAX1"), Actor.System);
        await instances.UpdateAsync(store.Id, new InstanceUpdate(InventoryCheck: true), Actor.System);
        var random = new Random(10_000);
        // Plenty of every SKU but a few, which hold none: orders that touch them are the ~10% stopped.
        var rows = Enumerable.Range(0, Skus).Select(i => new Inventory.Domain.Import.ImportRow(i + 2, null, Sku(i), i % 200 == 0 ? 0 : 100_000));
        await provider.GetRequiredService<Inventory.Domain.Stock.InventoryService>().ApplyImportAsync(store.Id, "bench.csv", rows, Actor.System);
        var intake = provider.GetRequiredService<OrderIntake>();
        var now = DateTime.UtcNow;
        var batch = new List<IncomingOrder>();
        for (var n = 0; n < orders; n++)
        {
            var lines = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => new IncomingLine(Sku(random.Next(1, Skus) / 200 * 200 + random.Next(1, 200)), random.Next(1, 4)))
                .ToList();
            if (random.Next(10) == 0)
                lines[0] = new IncomingLine(Sku(random.Next(0, Skus / 200) * 200), 1); // a SKU with none on hand
            batch.Add(new IncomingOrder($"112-{n:0000000}-{random.Next(0, 9_999_999):0000000}", null, now.AddSeconds(-orders + n), lines));
        }
        await intake.SyncAsync(store.Id, batch, Actor.System);
        return store.Id;
    }

    private static string Sku(int i) => $"SKU-{i:00000}";

    private static async Task<(Sample, (int, int))> AcceptThroughDomainAsync(string folder, string template, int instanceId)
    {
        var file = Copy(template, Path.Combine(folder, $"domain-{Guid.NewGuid():N}.db"));
        await using var provider = await DomainAsync(folder, file);
        return await AcceptAllNewAsync(provider, instanceId);
    }

    /// <summary>Times one <see cref="OrderAcceptance.AcceptAsync"/> call over every NEW order of the instance, oldest first.</summary>
    public static async Task<(Sample Sample, (int Moved, int Stopped) Outcome)> AcceptAllNewAsync(IServiceProvider provider, int instanceId)
    {
        var orders = provider.GetRequiredService<OrderQueries>();
        var acceptance = provider.GetRequiredService<OrderAcceptance>();
        var ids = (await orders.QueryAsync(instanceId, new OrderQuery(OrderStatus.New, 0, int.MaxValue), Actor.System)).Items.Select(o => o.Id).ToList();
        var (sample, result) = await Measure.RunAsync(() => acceptance.AcceptAsync(instanceId, ids, Actor.System));
        return (sample, (result.Moved, result.Stopped));
    }

    private static async Task<ServiceProvider> DomainAsync(string folder, string file)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Inventory"] = $"Data Source={file};Default Timeout=60",
            ["Demo:Seed"] = "false",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddInventoryDomain(configuration, folder);
        var provider = services.BuildServiceProvider();
        await provider.InitializeInventoryDatabaseAsync();
        return provider;
    }

    private static string Copy(string template, string target)
    {
        SqliteConnection.ClearAllPools(); // checkpointed and closed, so the copy is the whole database
        File.Copy(template, target, overwrite: true);
        return target;
    }
}
