using System.Data.Common;

namespace Inventory.Domain.Persistence;

/// <summary>
/// An instance's warehouses, read off the <c>(InstanceId, WarehouseKey, SkuKey)</c> index one key at a
/// time: each step seeks the next key past the last, so listing costs a seek per warehouse however many
/// items each holds, and a listing that has found enough stops there. The statements read the same on
/// both engines.
/// </summary>
internal static class WarehousesSql
{
    /// <summary>The instance's warehouse keys in order, as a recursive walk both engines run lazily (an outer LIMIT ends it).</summary>
    private const string Walk = """
        WITH RECURSIVE w(k) AS (
            SELECT MIN(s."WarehouseKey") FROM "StockItems" s WHERE s."InstanceId" = @instance
            UNION ALL
            SELECT (SELECT MIN(s."WarehouseKey") FROM "StockItems" s WHERE s."InstanceId" = @instance AND s."WarehouseKey" > w.k)
            FROM w WHERE w.k IS NOT NULL)
        """;

    /// <summary>
    /// Up to <paramref name="limit"/> warehouses whose key contains <paramref name="keyPart"/> (a normalised
    /// key, or empty for any), in key order, each as a code typed in a stock file.
    /// </summary>
    public static Task<List<string>> FindAsync(DbConnection connection, int instanceId, string keyPart, int limit,
        CancellationToken ct) =>
        // No ORDER BY: the walk yields keys in order already, and sorting would make it walk to the end.
        Sql.ListAsync(connection, null, Walk + """
            SELECT (SELECT s."Warehouse" FROM "StockItems" s WHERE s."InstanceId" = @instance AND s."WarehouseKey" = w.k LIMIT 1)
            FROM w
            WHERE w.k IS NOT NULL AND w.k LIKE @pattern ESCAPE '\'
            LIMIT @limit
            """, r => r.GetString(0), ct,
            ("@instance", instanceId), ("@pattern", "%" + EscapeLike(keyPart) + "%"), ("@limit", limit));

    /// <summary>How many warehouses the instance has, counted up to <paramref name="upTo"/> (the walk stops there).</summary>
    public static async Task<int> CountAsync(DbConnection connection, int instanceId, int upTo, CancellationToken ct) =>
        (int)await Sql.ScalarAsync(connection, null, Walk + """
            SELECT COUNT(*) FROM (SELECT w.k FROM w WHERE w.k IS NOT NULL LIMIT @limit) AS counted
            """, ct, ("@instance", instanceId), ("@limit", upTo));

    /// <summary>Which of <paramref name="keys"/> the instance has no item in: one index seek per key, on one prepared statement.</summary>
    public static async Task<int> CountMissingAsync(DbConnection connection, int instanceId, IEnumerable<string> keys, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, null, """
            SELECT 1 FROM "StockItems" WHERE "InstanceId" = @instance AND "WarehouseKey" = @key LIMIT 1
            """, ("@instance", instanceId), ("@key", ""));
        await command.PrepareAsync(ct);
        var missing = 0;
        foreach (var key in keys)
        {
            command.Parameters[1].Value = key;
            if (await command.ExecuteScalarAsync(ct) is null)
                missing++;
        }
        return missing;
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
