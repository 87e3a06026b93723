using System.Data.Common;

namespace Inventory.Domain.Persistence;

/// <summary>
/// Reports the repeats an import's staging lists, a row at a time, so a hostile file of a million
/// repeats is never held whole: each engine's statement returns the repeat's row, its warehouse and
/// SKU as typed, and the item's first row, in row order.
/// </summary>
internal static class StagedRepeats
{
    public static async Task ReportAsync(DbConnection connection, DbTransaction? tx, string sql, Action<RepeatedRow> repeated,
        CancellationToken ct)
    {
        await using var command = Sql.Command(connection, tx, sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            repeated(new RepeatedRow(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
    }
}
