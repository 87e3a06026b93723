using Inventory.Domain.Import;
using Inventory.Domain.Stock;
using Npgsql;

namespace Inventory.Domain.Persistence.Postgres;

/// <summary>
/// Applies a previewed import (rules 1, 2), PostgreSQL dialect: set-based, from its kept rows, in one
/// transaction holding the instance row FOR UPDATE, so no order's stock change interleaves with it.
/// </summary>
internal static class PostgresImportApply
{
    private const int AnalyzeAfterChanges = 10_000;

    public static async Task<AppliedImport> ApplyAsync(NpgsqlConnection connection, ImportApplication apply, CancellationToken ct)
    {
        (string, object?)[] parameters = [("@instance", apply.InstanceId), ("@import", apply.ImportId), ("@user", apply.User), ("@now", apply.Now)];
        AppliedImport applied;
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await Sql.ExecuteAsync(connection, tx, PostgresBulkStatements.InstanceForCount, ct, parameters);
            var (rowsRead, carried) = await ImportRowsSql.StartApplyAsync(connection, tx, apply, ct);

            var changed = await Sql.ExecuteAsync(connection, tx, ImportRowsSql.InsertLedgerRows, ct, parameters);

            // xmax is 0 on a row this statement inserted: created and updated come from the upsert itself.
            var created = (int)await Sql.ScalarAsync(connection, tx, $"""
                WITH applied AS ({ImportRowsSql.UpsertChangedItems} RETURNING xmax = 0 AS inserted)
                SELECT count(*) FILTER (WHERE inserted) FROM applied
                """, ct, parameters);
            var asinsMapped = await Sql.ExecuteAsync(connection, tx, ImportRowsSql.UpsertItemMap, ct, parameters);

            var summary = new ImportSummary(apply.ImportId, rowsRead, created, changed - created, rowsRead - changed);
            await Sql.ExecuteAsync(connection, tx, """
                UPDATE "Instances" SET "ItemCount" = "ItemCount" + @created,
                    "ItemsVersion" = "ItemsVersion" + CASE WHEN @created > 0 THEN 1 ELSE 0 END WHERE "Id" = @instance
                """, ct, ("@created", created), ("@instance", apply.InstanceId));
            await ImportRowsSql.FinishApplyAsync(connection, tx, apply.ImportId, summary, apply.User, apply.Now, ct);
            await tx.CommitAsync(ct);
            applied = new AppliedImport(summary, carried, asinsMapped);
        }
        // A big import changes what the grid's query plans should be (a million new items, say), and
        // autovacuum would notice only a minute or so later: until then every page would pay for it.
        // The vacuum also marks the stock's pages all-visible, so a deep page counted off by offset reads
        // the rows it skips from the index alone (StockQueries): 1.6 s at a million items.
        if (applied.Summary.Created + applied.Summary.Updated >= AnalyzeAfterChanges)
        {
            await Sql.ExecuteAsync(connection, null, """VACUUM (ANALYZE) "StockItems" """, CancellationToken.None);
            await Sql.ExecuteAsync(connection, null, """ANALYZE "StockMovements" """, CancellationToken.None);
        }
        // A clone keeps the password, which an open connection's ConnectionString no longer shows.
        DeleteRowsSoon(connection.CloneWith(connection.ConnectionString), apply.ImportId);
        return applied;
    }

    /// <summary>The applied import's kept rows go in the background, on a connection of their own.</summary>
    private static void DeleteRowsSoon(NpgsqlConnection other, long importId) => _ = Task.Run(async () =>
    {
        try
        {
            await using var _ = other;
            await other.OpenAsync();
            await ImportRowsSql.DeleteRowsInChunksAsync(other, importId);
        }
        catch (NpgsqlException)
        {
            // The rows go with the next preview's clean-up.
        }
    });
}
