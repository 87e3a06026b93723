using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Persistence.Sqlite;

/// <summary>
/// The grid's SKU search through an FTS5 trigram index (<c>StockSearch</c>, migration
/// <c>GridIndexes</c>): a substring of three characters or more is looked up, never scanned for.
/// </summary>
/// <remarks>
/// <para>The index holds, per item (rowid = the item's id), its SKU key and its instance as
/// <c>char(1) || InstanceId || char(1)</c>, so one MATCH both finds the SKUs and keeps to the instance,
/// and counting the matches reads only the index. Triggers on <c>StockItems</c> keep it in step in the
/// same transactions (an item's SKU never changes, so inserts and deletes are all there is).</para>
/// <para>The count decides how a page is read. A few matches are read from the index, item by item, and
/// sorted. Many are read along the grid's sort index with a plain substring test on each item: at one
/// match in ten, a page of 25 costs about 250 index entries, far less than listing 100,000 matches
/// from the search index again. SQLite cannot tell the two apart from its estimates.</para>
/// </remarks>
internal static class SqliteSkuSearch
{
    private const int MinimumLength = 3;
    private const int FewMatches = 2_000;

    public static async Task<int?> CountAsync(InventoryDbContext db, int instanceId, string skuKey, CancellationToken ct) =>
        skuKey.Length < MinimumLength
            ? null
            : await db.Database
                .SqlQuery<int>($"""SELECT count(*) AS "Value" FROM "StockSearch" WHERE "StockSearch" MATCH {Match(instanceId, skuKey)}""")
                .SingleAsync(ct);

    public static IQueryable<StockItem> Find(InventoryDbContext db, int instanceId, string skuKey, int count) => (count <= FewMatches
            ? db.StockItems.FromSql($"""
                SELECT s.* FROM "StockSearch" CROSS JOIN "StockItems" AS s ON s."Id" = "StockSearch".rowid
                WHERE "StockSearch" MATCH {Match(instanceId, skuKey)}
                """)
            : db.StockItems.Where(s => s.SkuKey.Contains(skuKey)))
        .Where(s => s.InstanceId == instanceId);

    /// <summary>An FTS5 query: the instance's marker and the SKU text, each a phrase (quotes doubled).</summary>
    private static string Match(int instanceId, string skuKey) =>
        $"Instance : \"\u0001{instanceId}\u0001\" AND SkuKey : \"{skuKey.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
