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
/// <para>A few matches are best read by going from the index to each item and sorting them; many are
/// best read along the grid's sort index, checking each item against the matches. SQLite cannot tell
/// which from its estimates, so the count decides.</para>
/// </remarks>
internal static class SqliteSkuSearch
{
    private const int MinimumLength = 3;
    private const int FewMatches = 2_000;

    public static async Task<SkuMatches?> FindAsync(InventoryDbContext db, int instanceId, string skuKey, CancellationToken ct)
    {
        if (skuKey.Length < MinimumLength)
            return null;
        var match = Match(instanceId, skuKey);
        var count = await db.Database
            .SqlQuery<int>($"""SELECT count(*) AS "Value" FROM "StockSearch" WHERE "StockSearch" MATCH {match}""")
            .SingleAsync(ct);
        var items = count <= FewMatches
            ? db.StockItems.FromSql($"""
                SELECT s.* FROM "StockSearch" CROSS JOIN "StockItems" AS s ON s."Id" = "StockSearch".rowid
                WHERE "StockSearch" MATCH {match}
                """)
            : db.StockItems.Where(s => db.Database
                .SqlQuery<long>($"""SELECT rowid AS "Value" FROM "StockSearch" WHERE "StockSearch" MATCH {match}""")
                .Contains(s.Id));
        return new SkuMatches(items.Where(s => s.InstanceId == instanceId), count);
    }

    /// <summary>An FTS5 query: the instance's marker and the SKU text, each a phrase (quotes doubled).</summary>
    private static string Match(int instanceId, string skuKey) =>
        $"Instance : \"\u0001{instanceId}\u0001\" AND SkuKey : \"{skuKey.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
