using Bunit;
using Inventory.Blazor.Components.Shared;
using Inventory.Domain.Notifications;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Components;

/// <summary>How an open page follows changes: at once, and a burst costs a couple of re-queries, not one per change.</summary>
public sealed class LiveComponentTests : ComponentTest
{
    /// <summary>A page whose re-query waits for the test to let it finish, counting what it hears and does.</summary>
    private sealed class CountingPage : LiveComponent
    {
        private int _heard, _reloads;

        public TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Heard => Volatile.Read(ref _heard);
        public int Reloads => Volatile.Read(ref _reloads);

        protected override bool Shows(Change change)
        {
            Interlocked.Increment(ref _heard);
            return change is StockChanged;
        }

        protected override async Task ReloadAsync()
        {
            Interlocked.Increment(ref _reloads);
            await Gate.Task;
        }
    }

    [Fact]
    public async Task AHundredChangesInABurst_AreOneRequeryRunningAndOneAfterIt_WhichSeesThemAll()
    {
        var store = await Db.InstanceAsync();
        var cut = Ctx.Render<CountingPage>();
        var page = cut.Instance;

        Db.Notifier.Publish(new StockChanged(store.Id));
        cut.WaitForAssertion(() => Assert.Equal(1, page.Reloads)); // the first change re-queries at once
        for (var i = 0; i < 99; i++)
            Db.Notifier.Publish(new StockChanged(store.Id));
        cut.WaitForAssertion(() => Assert.Equal(100, page.Heard));
        page.Gate.SetResult();

        cut.WaitForAssertion(() => Assert.Equal(2, page.Reloads));
        // A change after the burst is still followed by a re-query of its own.
        Db.Notifier.Publish(new StockChanged(store.Id));
        cut.WaitForAssertion(() => Assert.Equal(3, page.Reloads));
        Assert.Equal(101, page.Heard);
    }
}
