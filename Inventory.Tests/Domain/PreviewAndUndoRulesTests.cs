using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Tests.Domain;

/// <summary>
/// Safe stock updates: a file is previewed (nothing changes), then applied or discarded; an applied
/// import or a clear can be undone without losing what happened since; a count's time carries the
/// accepts and restocks after it forward.
/// </summary>
public abstract class PreviewAndUndoRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private Task<PreviewResult> PreviewAsync(int instanceId, DateTime? countedAt, params (string Sku, int Quantity)[] rows) =>
        Db.Inventory.PreviewAsync(instanceId, "count.csv", channel =>
        {
            for (var i = 0; i < rows.Length; i++)
                channel.Write(new ImportRow(i + 2, null, rows[i].Sku, rows[i].Quantity));
        }, countedAt, Db.User);

    private async Task<ImportPreview> PreviewedAsync(int instanceId, params (string Sku, int Quantity)[] rows) =>
        (await PreviewAsync(instanceId, null, rows)).Preview ?? throw new InvalidOperationException("The preview was refused.");

    private async Task<long> AcceptedAsync(int instanceId, string orderNumber, string sku, int quantity)
    {
        var order = (await Db.SyncAsync(instanceId, orderNumber, (sku, quantity))).OrderId!.Value;
        Assert.Equal(OrderOutcomeKind.Moved, Assert.Single((await Db.Acceptance.AcceptAsync(instanceId, [order], Db.User)).Orders).Kind);
        return order;
    }

    /// <summary>
    /// Every item's quantity is the sum of its ledger rows (an item starts from nothing), and an untracked
    /// item's rows sum to nothing: no change was made without its ledger row, and none recorded twice.
    /// </summary>
    private async Task AssertLedgerAccountsForEveryItemAsync(int instanceId)
    {
        await using var db = Db.Context();
        var sums = await db.MovementsOf(instanceId).GroupBy(m => new { m.WarehouseKey, m.SkuKey })
            .Select(g => new { g.Key.WarehouseKey, g.Key.SkuKey, Sum = g.Sum(m => m.Change) }).ToListAsync();
        var items = await db.StockOf(instanceId).ToDictionaryAsync(i => (i.WarehouseKey, i.SkuKey), i => i.Quantity);
        foreach (var sum in sums)
            Assert.Equal(items.GetValueOrDefault((sum.WarehouseKey, sum.SkuKey)), sum.Sum);
        Assert.All(items.Keys, k => Assert.Contains(sums, s => (s.WarehouseKey, s.SkuKey) == k));
    }

    private async Task<DateTime> AcceptedAtAsync(int instanceId, long orderId)
    {
        await using var db = Db.Context();
        return await db.MovementsOf(instanceId).Where(m => m.OrderId == orderId && m.Reason == MovementReason.Accept)
            .Select(m => m.At).SingleAsync();
    }

    [SkippableFact]
    public async Task APreview_ChangesNothing_AndSaysWhatApplyingWouldDo()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 5), ("SKU-3", 7), ("SKU-4", 100), ("SKU-5", 2));
        var before = await Db.SnapshotAsync();

        var preview = await PreviewedAsync(store.Id, ("SKU-1", 4), ("SKU-2", 5), ("SKU-3", 0), ("SKU-4", 20), ("NEW-1", 3));

        Assert.Equal(before.Replace("imports=1", "imports=2", StringComparison.Ordinal), await Db.SnapshotAsync());
        Assert.Equal((5, 1, 3, 1), (preview.RowsRead, preview.Created, preview.Updated, preview.Unchanged));
        Assert.Equal(
            [new ItemChange("LAX1", "NEW-1", null, 3), new ItemChange("LAX1", "SKU-1", 10, 4), new ItemChange("LAX1", "SKU-3", 7, 0),
             new ItemChange("LAX1", "SKU-4", 100, 20)],
            preview.Changes);
        Assert.Equal(4, preview.ChangeCount);
        Assert.Equal(1, preview.DroppingToZero);
        Assert.Equal(1, preview.LargeDrops); // 100 → 20; 7 → 0 is not ten units
        Assert.Equal(1, preview.NotInFile); // SKU-5 stays as it is
        var listed = Assert.Single(await Db.Stock.ImportsAsync(store.Id, Db.User), i => i.Id == preview.ImportId);
        Assert.Equal(ImportStatus.Previewed, listed.Status);
    }

    [SkippableFact]
    public async Task ApplyingAPreview_DoesExactlyWhatTheOneStepImportDoes()
    {
        var (oneStep, twoSteps) = (await Db.InstanceAsync(), await Db.InstanceAsync(name: "Second store"));
        foreach (var store in new[] { oneStep, twoSteps })
            await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 5));
        (string, int)[] file = [("SKU-1", 4), ("SKU-2", 5), ("NEW-1", 3)];

        var direct = (await Db.StockAsync(oneStep.Id, file)).Summary!;
        var preview = await PreviewedAsync(twoSteps.Id, file);
        var applied = (await Db.Inventory.ApplyAsync(twoSteps.Id, preview.ImportId, Db.User)).Summary!;

        Assert.Equal(direct with { ImportId = 0 }, applied with { ImportId = 0 });
        foreach (var sku in new[] { "SKU-1", "SKU-2", "NEW-1" })
            Assert.Equal(await Db.QuantityAsync(oneStep.Id, sku), await Db.QuantityAsync(twoSteps.Id, sku));
        Assert.Equal(await Db.LedgerCountAsync(oneStep.Id), await Db.LedgerCountAsync(twoSteps.Id));
        Assert.Equal(ImportStatus.Applied, (await Db.Stock.ImportsAsync(twoSteps.Id, Db.User))[0].Status);
        await AssertLedgerAccountsForEveryItemAsync(twoSteps.Id);
    }

    [SkippableFact]
    public async Task APreview_IsAppliedOnce_AndADiscardedOneNever()
    {
        var store = await Db.InstanceAsync();
        var preview = await PreviewedAsync(store.Id, ("SKU-1", 4));
        await Db.Inventory.ApplyAsync(store.Id, preview.ImportId, Db.User);

        var twice = await Assert.ThrowsAsync<ConflictException>(() => Db.Inventory.ApplyAsync(store.Id, preview.ImportId, Db.User));
        Assert.Contains("applied already", twice.Message, StringComparison.Ordinal);

        var discarded = await PreviewedAsync(store.Id, ("SKU-1", 9));
        await Db.Inventory.DiscardAsync(store.Id, discarded.ImportId, Db.User);
        await Assert.ThrowsAsync<ConflictException>(() => Db.Inventory.ApplyAsync(store.Id, discarded.ImportId, Db.User));
        Assert.Equal(4, await Db.QuantityAsync(store.Id, "SKU-1"));
        await Assert.ThrowsAsync<NotFoundException>(() => Db.Inventory.ApplyAsync(store.Id, 999_999, Db.User));
    }

    private async Task<int> KeptRowsAsync(long importId)
    {
        await using var db = Db.Context();
        return await db.Database.SqlQuery<int>($"""SELECT COUNT(*) AS "Value" FROM "ImportRows" WHERE "ImportId" = {importId}""")
            .SingleAsync();
    }

    [SkippableFact]
    public async Task APreviewKeepsItsRows_UntilItIsAppliedOrDiscarded()
    {
        var store = await Db.InstanceAsync();
        var applied = await PreviewedAsync(store.Id, ("SKU-1", 4), ("SKU-2", 5));
        var discarded = await PreviewedAsync(store.Id, ("SKU-1", 9));
        Assert.Equal((2, 1), (await KeptRowsAsync(applied.ImportId), await KeptRowsAsync(discarded.ImportId)));

        await Db.Inventory.ApplyAsync(store.Id, applied.ImportId, Db.User);
        await Db.Inventory.DiscardAsync(store.Id, discarded.ImportId, Db.User);

        Assert.Equal(0, await KeptRowsAsync(discarded.ImportId));
        await Poll.UntilAsync(async () => await KeptRowsAsync(applied.ImportId) == 0); // let go in the background, after the commit
    }

    [SkippableFact]
    public async Task AFileWithErrors_IsRefusedAtPreview_AndRecordedAsRefused()
    {
        var store = await Db.InstanceAsync();

        var refused = await PreviewAsync(store.Id, null, ("SKU-1", 4), ("SKU-1", 5));

        Assert.Null(refused.Preview);
        Assert.Contains(refused.Errors, e => e.Row == 3 && e.Message.Contains("already on row 2", StringComparison.Ordinal));
        var listed = Assert.Single(await Db.Stock.ImportsAsync(store.Id, Db.User));
        Assert.Equal((ImportStatus.Refused, 1), (listed.Status, listed.ErrorCount));
    }

    [SkippableFact]
    public async Task Undo_PutsItemsBackByTheDifferenceTheImportMade_KeepingTheAcceptsSince()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 6));
        var import = (await Db.StockAsync(store.Id, ("SKU-1", 4), ("SKU-2", 6))).Summary!;
        await AcceptedAsync(store.Id, "A-1", "SKU-1", 1);

        var undo = await Db.Inventory.UndoImportAsync(store.Id, import.ImportId, Db.User);

        Assert.Equal(9, await Db.QuantityAsync(store.Id, "SKU-1")); // 10 → 4 → accept 1 → 3 → undo +6
        Assert.Equal(6, await Db.QuantityAsync(store.Id, "SKU-2")); // the import did not change it
        Assert.Equal((1, 0, 0), (undo.Reverted, undo.Untracked, undo.ConflictCount));
        var row = Assert.Single(await Db.Stock.MovementsAsync(store.Id, Db.User), m => m.Reason == MovementReason.Undo);
        Assert.Equal((6, 9, import.ImportId), (row.Change, row.QuantityAfter, row.ImportId));
        Assert.Equal(ImportStatus.Undone, (await Db.Stock.ImportsAsync(store.Id, Db.User))[0].Status);
        await AssertLedgerAccountsForEveryItemAsync(store.Id);
    }

    [SkippableFact]
    public async Task Undo_UntracksWhatTheImportStartedTracking_UnlessItChangedSince()
    {
        var store = await Db.InstanceAsync();
        var import = (await Db.StockAsync(store.Id, ("NEW-1", 5), ("NEW-2", 5))).Summary!;
        await AcceptedAsync(store.Id, "A-1", "NEW-2", 1);

        var undo = await Db.Inventory.UndoImportAsync(store.Id, import.ImportId, Db.User);

        Assert.Null(await Db.QuantityAsync(store.Id, "NEW-1"));
        Assert.Equal(4, await Db.QuantityAsync(store.Id, "NEW-2"));
        Assert.Equal((0, 1), (undo.Reverted, undo.Untracked));
        Assert.Equal([new UndoConflict("LAX1", "NEW-2", UndoConflictReason.ChangedSince)], undo.Conflicts);
        Assert.Equal(1, (await Db.Stock.QueryAsync(store.Id, new StockQuery(), Db.User)).Total);
        await AssertLedgerAccountsForEveryItemAsync(store.Id);
    }

    [SkippableFact]
    public async Task Undo_LeavesALaterCountAlone()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 10));
        var first = (await Db.StockAsync(store.Id, ("SKU-1", 4), ("SKU-2", 4))).Summary!;
        await Db.StockAsync(store.Id, ("SKU-1", 8));

        var undo = await Db.Inventory.UndoImportAsync(store.Id, first.ImportId, Db.User);

        Assert.Equal(8, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(10, await Db.QuantityAsync(store.Id, "SKU-2"));
        Assert.Equal([new UndoConflict("LAX1", "SKU-1", UndoConflictReason.CountedSince)], undo.Conflicts);
        await AssertLedgerAccountsForEveryItemAsync(store.Id);
    }

    [SkippableFact]
    public async Task AnUndo_IsRefusedWhenUndoneAlready_OrForAFileNeverApplied()
    {
        var store = await Db.InstanceAsync();
        var import = (await Db.StockAsync(store.Id, ("SKU-1", 4))).Summary!;
        await Db.Inventory.UndoImportAsync(store.Id, import.ImportId, Db.User);
        var ledger = await Db.LedgerCountAsync(store.Id);

        var again = await Assert.ThrowsAsync<ConflictException>(() => Db.Inventory.UndoImportAsync(store.Id, import.ImportId, Db.User));
        var preview = await PreviewedAsync(store.Id, ("SKU-1", 2));
        await Assert.ThrowsAsync<ConflictException>(() => Db.Inventory.UndoImportAsync(store.Id, preview.ImportId, Db.User));

        Assert.Contains("undone already", again.Message, StringComparison.Ordinal);
        Assert.Equal(ledger, await Db.LedgerCountAsync(store.Id));
        Assert.Null(await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task UndoOfAClear_TracksTheItemsAgainWithTheQuantitiesTheyHad()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 3));
        var clear = await Db.Inventory.ClearAsync(store.Id, ClearRequest.Everything, Db.User);
        Assert.Equal(2, clear.Cleared);

        var undo = await Db.Inventory.UndoClearAsync(store.Id, clear.ClearId, Db.User);

        Assert.Equal((10, 3), (await Db.QuantityAsync(store.Id, "SKU-1"), await Db.QuantityAsync(store.Id, "SKU-2")));
        Assert.Equal((2, 0), (undo.Reverted, undo.ConflictCount));
        Assert.Equal(2, (await Db.Stock.QueryAsync(store.Id, new StockQuery(), Db.User)).Total);
        Assert.Equal(2, await Db.LedgerCountAsync(store.Id, MovementReason.Undo));
        await AssertLedgerAccountsForEveryItemAsync(store.Id);
        var again = await Assert.ThrowsAsync<ConflictException>(() => Db.Inventory.UndoClearAsync(store.Id, clear.ClearId, Db.User));
        Assert.Contains("undone already", again.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task UndoOfAClear_LeavesAnItemTrackedAgainSince_AndSaysSo()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 3));
        var clear = await Db.Inventory.ClearAsync(store.Id, ClearRequest.Everything, Db.User);
        await Db.StockAsync(store.Id, ("SKU-1", 7));

        var undo = await Db.Inventory.UndoClearAsync(store.Id, clear.ClearId, Db.User);

        Assert.Equal((7, 3), (await Db.QuantityAsync(store.Id, "SKU-1"), await Db.QuantityAsync(store.Id, "SKU-2")));
        Assert.Equal([new UndoConflict("LAX1", "SKU-1", UndoConflictReason.TrackedSince)], undo.Conflicts);
        Assert.Equal(1, undo.Reverted);
        await AssertLedgerAccountsForEveryItemAsync(store.Id);
    }

    [SkippableFact]
    public async Task CountedAt_CarriesForwardTheAcceptsAndRestocksAfterIt_AndNotThoseBefore()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 30), ("SKU-2", 30));
        var before = await AcceptedAsync(store.Id, "BEFORE-1", "SKU-1", 2);   // in the count already
        var countedAt = await AcceptedAtAsync(store.Id, before);
        var after = await AcceptedAsync(store.Id, "AFTER-1", "SKU-1", 3);     // sold after the count
        await AcceptedAsync(store.Id, "AFTER-2", "SKU-1", 1);
        await Db.Cancellation.CancelAsync(store.Id, [after], "customer asked", Db.User); // 3 back on the shelf after the count
        await Db.Cancellation.CancelAsync(store.Id, [before], "customer asked", Db.User); // cancelled after the count too: restocked since

        var preview = (await PreviewAsync(store.Id, countedAt, ("SKU-1", 20), ("SKU-2", 12))).Preview!;
        var applied = await Db.Inventory.ApplyAsync(store.Id, preview.ImportId, Db.User);

        // 20 counted − (3 + 1) accepted since + (3 + 2) restocked since
        Assert.Equal(21, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(12, await Db.QuantityAsync(store.Id, "SKU-2"));
        Assert.Equal([new CarriedForward("LAX1", "SKU-1", 20, 21, 3)], applied.CarriedForward);
        Assert.Equal(preview.CarriedForward, applied.CarriedForward);
        Assert.Equal(new ItemChange("LAX1", "SKU-1", 30 - 2 - 3 - 1 + 3 + 2, 21), preview.Changes[0]);
        await AssertLedgerAccountsForEveryItemAsync(store.Id);
    }

    [SkippableFact]
    public async Task CountedAt_IsTheSeedsBehaviourWhenLeftOut_AndRefusedInTheFuture()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        await AcceptedAsync(store.Id, "A-1", "SKU-1", 2);

        var preview = await PreviewedAsync(store.Id, ("SKU-1", 20));
        var future = await Assert.ThrowsAsync<ValidationException>(() => PreviewAsync(store.Id, DateTime.UtcNow.AddHours(2), ("SKU-1", 20)));

        Assert.Equal(("countedAt", 20), (future.Field, preview.Changes[0].After));
        Assert.Empty(preview.CarriedForward);
    }

    [SkippableFact]
    public async Task HeldOrders_AreRecheckedAfterAnApply_AndAfterAnUndoThatRaisesStock()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var import = (await Db.StockAsync(store.Id, ("SKU-1", 1))).Summary!;
        await Db.ReleasePendingAsync();
        var held = (await Db.SyncAsync(store.Id, "HELD-1", ("SKU-1", 5))).OrderId!.Value;
        Assert.Equal(OrderOutcomeKind.NoInventory, Assert.Single((await Db.Acceptance.AcceptAsync(store.Id, [held], Db.User)).Orders).Kind);

        await Db.Inventory.UndoImportAsync(store.Id, import.ImportId, Db.User);
        Assert.Equal([store.Id], await Db.ReleasePendingAsync());
        Assert.Equal(Hold.None, (await Db.OrderAsync(store.Id, "HELD-1")).Hold);

        var preview = await PreviewedAsync(store.Id, ("SKU-1", 50));
        Assert.Empty(await Db.ReleasePendingAsync()); // a preview changes no stock
        await Db.Inventory.ApplyAsync(store.Id, preview.ImportId, Db.User);
        Assert.Equal([store.Id], await Db.ReleasePendingAsync());
    }

    [SkippableFact]
    public async Task AcceptsRacingAnApplyAndAnUndo_NeverOversell_AndLoseNoLedgerRow()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 10));
        var orders = new List<long>();
        for (var i = 0; i < 30; i++)
            orders.Add((await Db.SyncAsync(store.Id, $"R-{i:00}", ("SKU-1", 1), ("SKU-2", 1))).OrderId!.Value);
        var preview = await PreviewedAsync(store.Id, ("SKU-1", 5), ("SKU-2", 5));

        var accepting = orders.Take(15).Select(id => Task.Run(() => Db.Acceptance.AcceptAsync(store.Id, [id], Db.User))).ToList();
        var applying = Task.Run(() => Db.Inventory.ApplyAsync(store.Id, preview.ImportId, Db.User));
        await Task.WhenAll([.. accepting, applying]);
        var moved = accepting.Sum(t => t.Result.Moved);
        Assert.InRange(await Db.QuantityAsync(store.Id, "SKU-1") ?? -1, 0, 5);
        await AssertLedgerAccountsForEveryItemAsync(store.Id);

        var undoing = Task.Run(() => Db.Inventory.UndoImportAsync(store.Id, applying.Result.Summary!.ImportId, Db.User));
        accepting = orders.Skip(15).Select(id => Task.Run(() => Db.Acceptance.AcceptAsync(store.Id, [id], Db.User))).ToList();
        await Task.WhenAll([.. accepting, undoing]);
        moved += accepting.Sum(t => t.Result.Moved);

        // The undo took back exactly the difference the apply made, whenever it ran: what is left is
        // what there was, less every unit accepted, on both SKUs (each order took one of each, or none).
        Assert.Equal((10 - moved, 10 - moved), (await Db.QuantityAsync(store.Id, "SKU-1"), await Db.QuantityAsync(store.Id, "SKU-2")));
        Assert.Equal(moved * 2, await Db.LedgerCountAsync(store.Id, MovementReason.Accept));
        await using (var db = Db.Context())
            Assert.False(await db.MovementsOf(store.Id).AnyAsync(m => m.Reason == MovementReason.Accept && m.QuantityAfter < 0),
                "an accept took an item below zero");
        await AssertLedgerAccountsForEveryItemAsync(store.Id);
    }
}

public sealed class PreviewAndUndoRulesOnSqlite() : PreviewAndUndoRulesTests(Engine.Sqlite);

public sealed class PreviewAndUndoRulesOnPostgres() : PreviewAndUndoRulesTests(Engine.Postgres);
