using System.Reflection;
using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Domain;

/// <summary>
/// Rule 13: an account's instances, stock, orders and ledger are its own — another account's look as if
/// they did not exist — and within an account the role decides what may change. Decided in the
/// domain, without the API or the pages in front.
/// </summary>
public abstract class AccountScopeRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private static readonly Actor Stranger = Actor.User(90, "stranger", 2, Role.Admin);
    private static Actor InAccount(Role role) => Actor.User(10 + (int)role, role.ToString().ToLowerInvariant(), 1, role);

    [SkippableFact]
    public async Task AnotherAccountsInstance_DoesNotExist_ForAnyReadOrChange_AndNothingChanges()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 5));
        await Db.SyncAsync(store.Id, "114-1", ("SKU-1", 2));
        var order = await Db.OrderAsync(store.Id, "114-1");

        Assert.Empty(await Db.Instances.ListAsync(Stranger));
        Assert.Null(await Db.Instances.FindAsync(store.Id, Stranger));
        var refused = new Func<Task>[]
        {
            () => Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(InventoryCheck: false), Stranger),
            () => Db.Stock.QueryAsync(store.Id, new StockQuery(), Stranger),
            () => Db.Stock.MovementsAsync(store.Id, Stranger),
            () => Db.Stock.WarehousesAsync(store.Id, Stranger),
            () => Db.Stock.SummaryAsync(store.Id, Stranger),
            () => Db.Orders.QueryAsync(store.Id, new OrderQuery(OrderStatus.New), Stranger),
            () => Db.Orders.CountsAsync(store.Id, Stranger),
            () => Db.Orders.GetAsync(store.Id, "114-1", Stranger),
            () => Db.Orders.LabelPdfAsync(store.Id, order.Id, Stranger),
            () => Db.Inventory.ApplyImportAsync(store.Id, "stock.csv", [new ImportRow(2, null, "SKU-1", 99)], Stranger),
            () => Db.Inventory.ClearAsync(store.Id, ClearRequest.Everything, Stranger),
            () => Db.Inventory.WriteExportAsync(store.Id, new MemoryStream(), SpreadsheetFormat.Csv, Stranger),
            () => Db.Acceptance.AcceptAsync(store.Id, [order.Id], Stranger),
            () => Db.Cancellation.CancelAsync(store.Id, [order.Id], "not mine", Stranger),
            () => Db.Intake.SyncAsync(store.Id, [new IncomingOrder("114-2", null, DateTime.UtcNow, [new IncomingLine("SKU-1", 1)])], Stranger),
        };

        foreach (var call in refused)
            await Assert.ThrowsAsync<NotFoundException>(call);
        Assert.Equal(5, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(OrderStatus.New, (await Db.OrderAsync(store.Id, "114-1")).Status);
        Assert.True((await Db.Instances.GetAsync(store.Id, Db.User)).InventoryCheck);
    }

    [SkippableTheory]
    [InlineData(Role.Viewer, false, false, false)]
    [InlineData(Role.Operator, true, false, false)]
    [InlineData(Role.Admin, true, true, true)]
    public async Task EachRole_ChangesOnlyWhatItMay(Role role, bool mayRunTheDay, bool mayClear, bool mayChangeSettings)
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 5));
        await Db.SyncAsync(store.Id, "114-1", ("SKU-1", 2));
        var order = await Db.OrderAsync(store.Id, "114-1");
        var actor = InAccount(role);

        Assert.Equal(5, (await Db.Stock.QueryAsync(store.Id, new StockQuery(), actor)).Items.Single().Quantity);
        await Outcome(mayRunTheDay, () => Db.Inventory.ApplyImportAsync(store.Id, "stock.csv", [new ImportRow(2, null, "SKU-1", 9)], actor));
        await Outcome(mayRunTheDay, () => Db.Acceptance.AcceptAsync(store.Id, [order.Id], actor));
        await Outcome(mayClear, () => Db.Inventory.ClearAsync(store.Id, ClearRequest.Selected([new StockKey("LAX1", "NOPE")]), actor));
        await Outcome(mayChangeSettings, () => Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(AutoLabel: true), actor));
        await Outcome(mayChangeSettings, () => Db.Instances.CreateAsync(new NewInstance("Second", Platform.eBay, "LAX1"), actor));

        // What a refused role tried changed nothing: the count and the order are as before.
        Assert.Equal(mayRunTheDay ? 9 - 2 : 5, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(mayRunTheDay ? OrderStatus.Accepted : OrderStatus.New, (await Db.OrderAsync(store.Id, "114-1")).Status);
        Assert.Equal(mayChangeSettings, (await Db.Instances.GetAsync(store.Id, Db.User)).AutoLabel);
    }

    [SkippableFact]
    public async Task LiveChanges_ReachOnlyTheInstancesAccount_AndStopOnceTheSubscriberIsSignedOut()
    {
        var mine = await Db.InstanceAsync();
        var mineToo = await Db.InstanceAsync(name: "Mine too");
        var theirs = await Db.Instances.CreateAsync(new NewInstance("Theirs", Platform.Amazon, "LAX1"), Stranger);
        var changes = Db.Services.GetRequiredService<ScopedChanges>();

        // Which account "Mine too" belongs to is looked up once, here, before the subscriber below exists: from
        // then on a change to it is delivered to each subscriber in turn, each done before the next starts.
        using (var lookingUp = new Witness(changes, () => Db.User, mineToo.Id))
        {
            await Db.StockAsync(mineToo.Id, ("SKU-1", 1));
            await lookingUp.Delivered.WaitAsync(Delivery);
        }

        var seen = new List<int>();
        var mineDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Actor? signedIn = Db.User;
        using var subscription = changes.Subscribe(() => signedIn, change =>
        {
            lock (seen)
                seen.Add(change.InstanceId);
            if (change.InstanceId == mine.Id)
                mineDelivered.TrySetResult();
            return Task.CompletedTask;
        });
        // A witness in the other account tells when its change has been delivered everywhere.
        using var theirsWitness = new Witness(changes, () => Stranger, theirs.Id);

        await Db.Inventory.ApplyImportAsync(theirs.Id, "stock.csv", [new ImportRow(2, null, "SKU-1", 1)], Stranger);
        await theirsWitness.Delivered.WaitAsync(Delivery);
        await Db.StockAsync(mine.Id, ("SKU-1", 1));
        await mineDelivered.Task.WaitAsync(Delivery);

        // Signed out: the account's changes still reach a witness signed in to it, subscribed after the
        // subscriber (so each change has been offered to the subscriber first), and not the subscriber.
        signedIn = null;
        using var stillSignedIn = new Witness(changes, () => Db.User, mineToo.Id);
        await Db.StockAsync(mineToo.Id, ("SKU-1", 2));
        await stillSignedIn.Delivered.WaitAsync(Delivery);

        lock (seen)
            Assert.Equal([mine.Id], seen.Distinct());
    }

    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(10);

    /// <summary>A subscriber acting as someone, which tells when it is first handed a change to one instance.</summary>
    private sealed class Witness : IDisposable
    {
        private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly IDisposable _subscription;

        public Witness(ScopedChanges changes, Func<Actor?> actor, int instanceId) =>
            _subscription = changes.Subscribe(actor, change =>
            {
                if (change.InstanceId == instanceId)
                    _delivered.TrySetResult();
                return Task.CompletedTask;
            });

        public Task Delivered => _delivered.Task;

        public void Dispose() => _subscription.Dispose();
    }

    [SkippableFact]
    public void EveryServiceCallOnAnInstance_TakesTheActorItIsScopedTo()
    {
        Type[] services = [typeof(InstanceService), typeof(InventoryService), typeof(StockQueries), typeof(StockLedger),
            typeof(OrderQueries), typeof(OrderIntake), typeof(OrderAcceptance), typeof(OrderLabelling), typeof(OrderCancellation),
            typeof(HeldOrderRelease), typeof(Inventory.Domain.Orders.Sync.MarketplaceSync)];

        var unscoped = services
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(int) && p.Name is "instanceId" or "id"))
            .Where(m => m.GetParameters().All(p => p.ParameterType != typeof(Actor)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        Assert.Empty(unscoped);
    }

    [SkippableFact]
    public async Task SettingChanges_AreAudited_WithWhoAndWhat_AndOnlyTheAccountSeesThem()
    {
        var store = await Db.InstanceAsync(name: "Audited store");

        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(InventoryCheck: true, AutoLabel: true), Db.User);
        await Db.Instances.CreateAsync(new NewInstance("Elsewhere", Platform.eBay, "LAX1"), Stranger);

        await using var db = Db.Context();
        var mine = db.AuditEntries.Where(a => a.AccountId == Db.User.AccountId).OrderBy(a => a.Id).ToList();
        Assert.Equal(2, mine.Count);
        Assert.All(mine, a => Assert.Equal("tester", a.User));
        Assert.Contains("Created instance Audited store", mine[0].What);
        Assert.Contains("Inventory Check off → on", mine[1].What);
        Assert.Contains("Auto Label off → on", mine[1].What);
        Assert.DoesNotContain(mine, a => a.What.Contains("Elsewhere", StringComparison.Ordinal));
    }

    private static async Task Outcome(bool allowed, Func<Task> call)
    {
        if (allowed)
            await call();
        else
            await Assert.ThrowsAsync<ForbiddenException>(call);
    }
}

public sealed class AccountScopeRulesOnSqlite() : AccountScopeRulesTests(Engine.Sqlite);

public sealed class AccountScopeRulesOnPostgres() : AccountScopeRulesTests(Engine.Postgres);
