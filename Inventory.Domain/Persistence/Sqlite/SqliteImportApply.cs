using Inventory.Domain.Import;
using Inventory.Domain.Stock;
using Microsoft.Data.Sqlite;

namespace Inventory.Domain.Persistence.Sqlite;

/// <summary>
/// Applies a previewed import (rules 1, 2), SQLite dialect: set-based, from its kept rows, in one
/// short IMMEDIATE transaction — SQLite's one writer, so no order interleaves with it.
/// </summary>
internal static class SqliteImportApply
{
    // A dirty page the apply spills goes to the WAL, which the OS caches: measured at 1M rows, 16 MB
    // was no slower than 64 MB, and 8 MB no slower than 16 MB. Each of the sorter's threads
    // (SqliteEngine.SortThreads) sorts an index build in a buffer this large, so a small cache keeps
    // the import's peak under 300 MB (docs/decisions/0005). The settings go back to SQLite's defaults
    // before the connection returns to the pool (SqliteEngine.ImportSettingsUndone).
    private const int ApplyCacheKiB = 8 * 1024;

    // A large apply writes the SKU search index (FTS5) without merging its segments as it goes, a third of
    // that index's cost; the merging is done after the commit, in short steps (MergeSearchInStepsAsync).
    // Searches are exact meanwhile, over more segments. The settings are FTS5's defaults otherwise.
    private const string SearchMergesLater = """
        INSERT INTO "StockSearch" ("StockSearch", rank) VALUES ('automerge', 0);
        INSERT INTO "StockSearch" ("StockSearch", rank) VALUES ('crisismerge', 2000);
        """;
    private const string SearchMergesAsUsual = """
        INSERT INTO "StockSearch" ("StockSearch", rank) VALUES ('automerge', 4);
        INSERT INTO "StockSearch" ("StockSearch", rank) VALUES ('crisismerge', 16);
        """;
    private const int SearchMergePagesPerStep = 500;

    // Building the grid's indexes afresh pays off once an import writes a good part of the table.
    private const int LargeApplyRows = 100_000;
    private const double LargeApplyShare = 0.5;

    public static async Task<AppliedImport> ApplyAsync(SqliteConnection connection, ImportApplication apply, CancellationToken ct)
    {
        // The apply's commit would otherwise copy the WAL into the database file itself (auto-checkpoint),
        // hundreds of megabytes after a big import, before the seller sees the result: that is done
        // right after, on a connection of its own (CheckpointSoon).
        await Sql.ExecuteAsync(connection, null,
            $"PRAGMA cache_size = -{ApplyCacheKiB}; PRAGMA wal_autocheckpoint = 0; PRAGMA threads = {SqliteEngine.SortThreads};", ct);
        try
        {
            var (applied, large) = await ApplyInTransactionAsync(connection, apply, ct);
            AfterApplySoon(connection.ConnectionString, apply.ImportId, mergeSearch: large);
            return applied;
        }
        finally
        {
            await Sql.ExecuteAsync(connection, null, SqliteEngine.ImportSettingsUndone, CancellationToken.None);
        }
    }

    /// <returns>What it did, and whether it was large enough to leave the search index's merging for later.</returns>
    private static async Task<(AppliedImport Applied, bool Large)> ApplyInTransactionAsync(SqliteConnection connection,
        ImportApplication apply, CancellationToken ct)
    {
        await using var tx = connection.BeginTransaction(); // IMMEDIATE: the one writer, for a short while
        var (rowsRead, carried) = await ImportRowsSql.StartApplyAsync(connection, tx, apply, ct);
        (string, object?)[] parameters = [("@instance", apply.InstanceId), ("@import", apply.ImportId), ("@user", apply.User), ("@now", apply.Now)];
        var itemsBefore = (int)await Sql.ScalarAsync(connection, tx, """SELECT "ItemCount" FROM "Instances" WHERE "Id" = @instance""", ct,
            parameters);

        var changed = await Sql.ExecuteAsync(connection, tx, ImportRowsSql.InsertLedgerRows, ct, parameters);

        var rebuilt = await DropIndexesTheWritesWouldRewriteAsync(connection, tx, apply.ImportId, changed, ct);
        var large = rebuilt.Count > 0;
        if (large)
            await Sql.ExecuteAsync(connection, tx, SearchMergesLater, ct);
        await Sql.ExecuteAsync(connection, tx, ImportRowsSql.UpsertChangedItems, ct, parameters);
        if (large)
            await Sql.ExecuteAsync(connection, tx, SearchMergesAsUsual, ct);

        // Each build sorts its entries in the apply's (small) cache and spills the rest to a temp file.
        foreach (var create in rebuilt)
            await Sql.ExecuteAsync(connection, tx, create, ct);
        var asinsMapped = await Sql.ExecuteAsync(connection, tx, ImportRowsSql.UpsertItemMap, ct, parameters);

        // Counting the items after (the count before is kept on the instance) spares a third pass
        // joining the kept rows to the stock.
        var itemsAfter = (int)await Sql.ScalarAsync(connection, tx, """SELECT COUNT(*) FROM "StockItems" WHERE "InstanceId" = @instance""",
            ct, parameters);
        var created = itemsAfter - itemsBefore;
        var summary = new ImportSummary(apply.ImportId, rowsRead, created, changed - created, rowsRead - changed);
        await Sql.ExecuteAsync(connection, tx, """
            UPDATE "Instances" SET "ItemCount" = @items, "ItemsVersion" = "ItemsVersion" + (@created > 0) WHERE "Id" = @instance
            """, ct, ("@items", itemsAfter), ("@created", created), ("@instance", apply.InstanceId));
        await ImportRowsSql.FinishApplyAsync(connection, tx, apply.ImportId, summary, apply.User, apply.Now, ct);
        await tx.CommitAsync(ct);
        return (new AppliedImport(summary, carried, asinsMapped), large);
    }

    /// <summary>
    /// In the background, on a connection of its own: lets go of the applied import's kept rows, merges
    /// the search index a large apply left unmerged, then copies the pages from the WAL into the
    /// database file (PASSIVE: it never blocks readers or writers, and a writer committing meanwhile
    /// simply skips its own attempt).
    /// </summary>
    private static void AfterApplySoon(string connectionString, long importId, bool mergeSearch) => _ = Task.Run(async () =>
    {
        try
        {
            await using var other = new SqliteConnection(connectionString);
            await other.OpenAsync();
            await ImportRowsSql.DeleteRowsInChunksAsync(other, importId);
            if (mergeSearch)
                await MergeSearchInStepsAsync(other);
            await Sql.ExecuteAsync(other, null, "PRAGMA wal_checkpoint(PASSIVE);", CancellationToken.None);
        }
        catch (SqliteException)
        {
            // The rows go with the next preview's clean-up; the next commit's auto-checkpoint does the rest.
        }
    });

    /// <summary>
    /// Merges the search index's segments a step at a time, each step its own short write: FTS5 says a
    /// step did nothing when it changed fewer than two rows.
    /// </summary>
    private static async Task MergeSearchInStepsAsync(SqliteConnection connection)
    {
        long before, after;
        do
        {
            before = await Sql.ScalarAsync(connection, null, "SELECT total_changes()", CancellationToken.None);
            await Sql.ExecuteAsync(connection, null,
                $"""INSERT INTO "StockSearch" ("StockSearch", rank) VALUES ('merge', {SearchMergePagesPerStep})""", CancellationToken.None);
            after = await Sql.ScalarAsync(connection, null, "SELECT total_changes()", CancellationToken.None);
        }
        while (after - before >= 2);
    }

    /// <summary>
    /// When the apply writes a large share of the stock table, the secondary indexes (the grid's sorts)
    /// its writes would rewrite are dropped for the apply and built again after it, in the same
    /// transaction: rows arrive in SKU order, so an index on quantity would be written all over, row by
    /// row, several times slower than one sorted build. Which writes count: an index on a column an
    /// update changes (quantity, updated time) is rewritten by every changed item; one on the item's
    /// keys only by the items created. A file that changes little — the daily upload of the whole
    /// catalogue — rebuilds nothing. The unique index stays: the upsert needs it. Returns the
    /// statements that build them again, as the schema has them.
    /// </summary>
    /// <param name="changed">Items the apply creates or changes (its ledger rows).</param>
    private static async Task<IReadOnlyList<string>> DropIndexesTheWritesWouldRewriteAsync(SqliteConnection connection,
        SqliteTransaction tx, long importId, int changed, CancellationToken ct)
    {
        if (changed < LargeApplyRows)
            return [];
        var tableRows = await Sql.ScalarAsync(connection, tx, """SELECT count(*) FROM "StockItems" """, ct);
        bool Large(int rows) => rows >= LargeApplyRows && rows >= tableRows * LargeApplyShare;
        if (!Large(changed))
            return [];
        var indexes = await Sql.ListAsync(connection, tx, """
            SELECT m.name, m.sql,
                   EXISTS (SELECT 1 FROM pragma_index_info(m.name) AS c WHERE c.name IN ('Quantity', 'UpdatedAt'))
            FROM sqlite_master AS m
            WHERE m.type = 'index' AND m.tbl_name = 'StockItems' AND m.sql IS NOT NULL AND m.sql NOT LIKE 'CREATE UNIQUE%'
            """, r => (Name: r.GetString(0), Create: r.GetString(1), Updated: r.GetBoolean(2)), ct);
        // How many of the changed items are created, as the preview counted them: an estimate does here.
        var created = (int)await Sql.ScalarAsync(connection, tx, """SELECT "Created" FROM "Imports" WHERE "Id" = @import""", ct,
            ("@import", importId));
        var rewritten = indexes.Where(i => i.Updated || Large(created)).ToList();
        foreach (var (name, _, _) in rewritten)
            await Sql.ExecuteAsync(connection, tx, $"""DROP INDEX "{name.Replace("\"", "\"\"", StringComparison.Ordinal)}" """, ct);
        return rewritten.Select(i => i.Create).ToList();
    }
}
