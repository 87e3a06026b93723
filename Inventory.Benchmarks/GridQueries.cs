using System.Diagnostics;
using Inventory.Domain.Common;
using Inventory.Domain.Stock;

namespace Inventory.Benchmarks;

/// <summary>What generated rows hold, worked out in memory, so every engine's answer to a grid query can be checked.</summary>
internal sealed record StockFacts(int Rows, long FileBytes, int CommonMatches, string UniqueSku, int InWarehouse)
{
    public static StockFacts Of(StockRow[] rows, string xlsx)
    {
        var perSku = rows.CountBy(r => r.Sku).ToDictionary();
        // A SKU stocked in one warehouse, and a substring of no other SKU: the search finds exactly one item.
        var unique = rows.Select(r => r.Sku).First(sku => perSku[sku] == 1 && perSku.Keys.Count(other => other.Contains(sku, StringComparison.Ordinal)) == 1);
        return new StockFacts(rows.Length, new FileInfo(xlsx).Length,
            rows.Count(r => r.Sku.Contains(GridQueries.CommonSearch, StringComparison.Ordinal)), unique,
            rows.Count(r => r.Warehouse == GridQueries.Warehouse));
    }
}

/// <summary>
/// One grid query, and the total it must report. <paramref name="Class"/> is its line in the issue's
/// table. <paramref name="BySeek"/>: the page <see cref="StockQuery.Page"/> names is reached as the grid
/// pages on, with <see cref="StockQuery.After"/> set to the last row of the page before.
/// </summary>
internal sealed record GridQuery(string Class, string Label, StockQuery Query, int ExpectedTotal, bool BySeek = false)
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

/// <summary>The timed runs of one grid query, and what it returned.</summary>
/// <param name="FirstMs">The warm-up: the first time this query ran, which pays for anything kept for the next ones.</param>
internal sealed record QueryTiming(double[] RunsMs, int Total, string Page, double FirstMs)
{
    public double MedianMs => Measure.Median(RunsMs);
    public string Range => $"{RunsMs.Min():F1}–{RunsMs.Max():F1}";
}

/// <summary>
/// The stock grid's queries at a generated instance (the table), and how each is timed:
/// <see cref="StockQueries.QueryAsync"/> once to warm up, then <see cref="Runs"/> timed runs.
/// </summary>
internal static class GridQueries
{
    // The grid's smallest page size; the searches are over the generator's SKUs ("AB-10432-BLK-XL").
    public const int PageSize = 25;
    public const string CommonSearch = "-BLK-";
    public const string Warehouse = "LAX1";
    public const int Runs = 5;

    /// <summary>The fewest rows the list below makes sense for: each deep page is past the first.</summary>
    public const int MinimumRows = 1_000;

    public static IReadOnlyList<GridQuery> For(StockFacts facts)
    {
        // The middle: page 20,000 of 1M items at 25 a page, and as deep at any other size.
        var middle = facts.Rows / 2 / PageSize;
        // A deep page of one warehouse (a fifth of the items): page 4,000 at 1M items, its middle, and as deep at any other size.
        var warehouseDeep = facts.Rows / 250;
        var byQuantity = new StockQuery(Warehouse: Warehouse, Page: warehouseDeep, PageSize: PageSize, Sort: StockSort.Quantity);
        // The pager's Last page button: read from the end backwards.
        var last = (facts.Rows - 1) / PageSize;
        return
        [
            new("1", "first page, by SKU (default)", new StockQuery(PageSize: PageSize), facts.Rows),
            new("2", "first page, by quantity desc", new StockQuery(PageSize: PageSize, Sort: StockSort.Quantity, Descending: true), facts.Rows),
            new("3", "first page, by updated desc", new StockQuery(PageSize: PageSize, Sort: StockSort.UpdatedAt, Descending: true), facts.Rows),
            new("4", $"page {middle:N0} (the middle), by SKU, offset", new StockQuery(Page: middle, PageSize: PageSize), facts.Rows),
            new("5", $"page {middle:N0} (the middle), by SKU, seek", new StockQuery(Page: middle, PageSize: PageSize), facts.Rows, BySeek: true),
            new("4", $"page {last:N0} (the last), by quantity, offset", new StockQuery(Page: last, PageSize: PageSize, Sort: StockSort.Quantity), facts.Rows),
            new("6", $"search \"{CommonSearch}\", first page", new StockQuery(CommonSearch, PageSize: PageSize), facts.CommonMatches),
            new("6", $"search \"{facts.UniqueSku}\" (one item)", new StockQuery(facts.UniqueSku, PageSize: PageSize), 1),
            new("7", $"warehouse {Warehouse}, first page", new StockQuery(Warehouse: Warehouse, PageSize: PageSize), facts.InWarehouse),
            new("7", $"warehouse {Warehouse}, page {warehouseDeep:N0} by quantity, offset", byQuantity, facts.InWarehouse),
            new("7", $"warehouse {Warehouse}, page {warehouseDeep:N0} by quantity, seek", byQuantity, facts.InWarehouse, BySeek: true),
            new("8", $"search \"{CommonSearch}\", by quantity desc",
                new StockQuery(CommonSearch, PageSize: PageSize, Sort: StockSort.Quantity, Descending: true), facts.CommonMatches),
        ];
    }

    /// <summary>Times each query in turn, checking its total against the generated rows and that it returned a page.</summary>
    public static async Task<List<QueryTiming>> TimeAllAsync(string engine, StockQueries stock, int instanceId, IReadOnlyList<GridQuery> queries)
    {
        var timings = new List<QueryTiming>();
        foreach (var query in queries)
            timings.Add(await TimeAsync(engine, stock, instanceId, query));
        return timings;
    }

    private static async Task<QueryTiming> TimeAsync(string engine, StockQueries stock, int instanceId, GridQuery query)
    {
        var timed = query.Query;
        List<long>? byOffset = null;
        if (query.BySeek)
        {
            // Untimed: the row that ends the page before, as the grid holds it when the user pages on,
            // and the page by offset, which the seek must return row for row.
            var previous = await stock.QueryAsync(instanceId, query.Query with { Page = query.Query.Page - 1 }, Actor.System);
            Report.Expect(previous.Items.Count == PageSize, $"{engine}, {query.Label}: the page before has {previous.Items.Count} rows");
            byOffset = [.. (await stock.QueryAsync(instanceId, query.Query, Actor.System)).Items.Select(i => i.Id)];
            timed = query.Query with { Page = 0, After = previous.Items[^1] };
        }

        var first = Stopwatch.StartNew();
        await stock.QueryAsync(instanceId, timed, Actor.System);
        var firstMs = first.Elapsed.TotalMilliseconds;
        var runs = new double[Runs];
        Page<StockItemView>? page = null;
        for (var run = 0; run < Runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            page = await stock.QueryAsync(instanceId, timed, Actor.System);
            runs[run] = stopwatch.Elapsed.TotalMilliseconds;
        }

        Report.Expect(page!.Total == query.ExpectedTotal, $"{engine}, {query.Label}: total {page.Total:N0}, expected {query.ExpectedTotal:N0}");
        Report.Expect(page.Items.Count > 0, $"{engine}, {query.Label}: an empty page");
        Report.Expect(byOffset is null || page.Items.Select(i => i.Id).SequenceEqual(byOffset),
            $"{engine}, {query.Label}: the seek returned other rows than the offset");
        return new QueryTiming(runs, page.Total, query.Fingerprint(page), firstMs);
    }
}
