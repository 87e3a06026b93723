using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Domain;

/// <summary>
/// Rule 12 and the documented bounds: a look-alike key never passes Inventory Check, invisible and
/// control characters never become part of a key, and no quantity can overflow.
/// </summary>
public abstract class HostileValueRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private const string CafeNfc = "CAF\u00C9X";      // É as one character
    private const string CafeNfd = "CAFE\u0301X";     // E followed by a combining acute accent

    private async Task<OrderOutcome> AcceptAsync(int instanceId, long orderId) =>
        Assert.Single((await Db.Acceptance.AcceptAsync(instanceId, [orderId], Db.User)).Orders);

    [SkippableFact]
    public void Rule12_NfcAndNfdSpellingsAreOneKey()
    {
        Assert.Equal(Keys.Normalize(CafeNfc), Keys.Normalize(CafeNfd));
        Assert.Equal(CafeNfc, Keys.Display(CafeNfd));
    }

    [SkippableFact]
    public async Task Rule12_AnOrderSpelledInNfd_IsCheckedAgainstTheNfcStock_AndStoppedWhenShort()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, (CafeNfc, 1));

        var synced = await Db.SyncAsync(store.Id, "LOOK-1", (CafeNfd, 5));
        var outcome = await AcceptAsync(store.Id, synced.OrderId!.Value);

        Assert.Equal(OrderOutcomeKind.NoInventory, outcome.Kind);
        Assert.Equal(1, await Db.QuantityAsync(store.Id, CafeNfd));
    }

    [SkippableTheory]
    [InlineData("ZW-1\u2060")]   // word joiner
    [InlineData("ZW-\u200B1")]   // zero-width space
    [InlineData("NUL\u0000-1")]  // control character
    [InlineData("BAD-\uFFFD")]   // what a wrong decoding leaves behind
    public async Task Rule12_InvisibleOrControlCharacters_RejectTheOrder_NamingTheField(string sku)
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("ZW-1", 1));

        var outcome = await Db.SyncAsync(store.Id, "INVISIBLE-1", (sku, 5));

        Assert.Equal((OrderOutcomeKind.Rejected, "SKU"), (outcome.Kind, outcome.Field));
        Assert.Contains("invisible or control character", outcome.Message);
        Assert.Equal(0, (await Db.Orders.CountsAsync(store.Id, Db.User)).New);
    }

    [SkippableTheory]
    [InlineData("ZW-1\u2060")]
    [InlineData("NUL\u0000-1")]
    public async Task Rule12_InvisibleOrControlCharacters_RefuseTheStockFile_NamingTheRow(string sku)
    {
        var store = await Db.InstanceAsync();

        var result = await Db.StockAsync(store.Id, ("FINE-1", 1), (sku, 2));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "SKU"), (error.Row, error.Column));
        Assert.Null(await Db.QuantityAsync(store.Id, "FINE-1"));
    }

    [SkippableFact]
    public async Task Bounds_ALineOfInt32Max_IsRejected_AndTheOtherOrdersOfTheBatchGoThrough()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 10));

        var result = await Db.Intake.SyncAsync(store.Id,
        [
            new IncomingOrder("HUGE-1", null, DateTime.UtcNow, [new IncomingLine("SKU-1", int.MaxValue), new IncomingLine("SKU-1", int.MaxValue)]),
            new IncomingOrder("FINE-1", null, DateTime.UtcNow, [new IncomingLine("SKU-1", 2)]),
        ], Db.User);

        Assert.Equal([(OrderOutcomeKind.Rejected, "Quantity"), (OrderOutcomeKind.Created, null)],
            result.Orders.Select(o => (o.Kind, o.Field)));
        Assert.Equal(OrderOutcomeKind.Moved, (await AcceptAsync(store.Id, result.Orders[1].OrderId!.Value)).Kind);
        Assert.Equal(8, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task Bounds_AnOrderWithMoreLinesThanAllowed_IsRejectedNamingLines()
    {
        var store = await Db.InstanceAsync();
        var lines = Enumerable.Range(0, Fields.MaxOrderLines + 1).Select(i => new IncomingLine($"SKU-{i}", 1)).ToList();

        var outcome = Assert.Single((await Db.Intake.SyncAsync(store.Id, [new IncomingOrder("LONG-1", null, DateTime.UtcNow, lines)], Db.User)).Orders);

        Assert.Equal((OrderOutcomeKind.Rejected, "Lines"), (outcome.Kind, outcome.Field));
    }

    [SkippableFact]
    public async Task Bounds_AStockCountAboveTheMaximum_RefusesTheFile_AndACancelStillRestocks()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 5));
        var synced = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 1));
        await AcceptAsync(store.Id, synced.OrderId!.Value);

        var import = await Db.StockAsync(store.Id, ("SKU-1", int.MaxValue));
        var cancel = Assert.Single((await Db.Cancellation.CancelAsync(store.Id, [synced.OrderId!.Value], "buyer asked", Db.User)).Orders);

        Assert.False(import.Succeeded);
        Assert.Contains("the most one item can hold", Assert.Single(import.Errors).Message);
        Assert.Equal((OrderOutcomeKind.Cancelled, 0), (cancel.Kind, cancel.NotRestocked.Count));
        Assert.Equal(5, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task Reports_CutLongValuesAndMessages_SoARefusalStaysSmall()
    {
        var store = await Db.InstanceAsync();
        var huge = new string('X', 5_000_000);

        var result = await Db.StockAsync(store.Id, (huge, 1));

        var error = Assert.Single(result.Errors);
        Assert.Equal(ImportErrors.MaxValueLength, error.Value.Length);
        Assert.EndsWith("…", error.Value);
        Assert.True(error.Message.Length <= ImportErrors.MaxValueLength * 2);
    }

    [SkippableFact]
    public async Task Imports_BeyondTheConcurrentLimit_AreRefusedAsBusy_AndACancelledOneChangesNothing()
    {
        var store = await Db.InstanceAsync();
        using var gate = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var started = new CountdownEvent(2);
        Task<ImportResult> Held(CancellationToken ct) => Db.Inventory.ImportAsync(store.Id, "held.csv", channel =>
        {
            channel.Write(new ImportRow(2, null, "HELD-1", 1));
            started.Signal();
            gate.Wait(TimeSpan.FromSeconds(30));
        }, Db.User, ct);
        var first = Held(cancel.Token);
        var second = Held(CancellationToken.None);
        started.Wait(TimeSpan.FromSeconds(30));

        var busy = await Assert.ThrowsAsync<BusyException>(() => Db.StockAsync(store.Id, ("SKU-1", 1)));
        await cancel.CancelAsync();
        gate.Set();

        Assert.True(busy.RetryAfter > TimeSpan.Zero);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.True((await second).Succeeded);
        Assert.True((await Db.StockAsync(store.Id, ("SKU-1", 1))).Succeeded); // both slots are free again
        Assert.Equal(2, await Db.LedgerCountAsync(store.Id, MovementReason.Import));
    }
}

public sealed class HostileValueRulesOnSqlite() : HostileValueRulesTests(Engine.Sqlite);

public sealed class HostileValueRulesOnPostgres() : HostileValueRulesTests(Engine.Postgres);
