namespace Inventory.Tests.TestSupport;

/// <summary>xunit makes a new instance per test, so every test gets a fresh database file.</summary>
public abstract class DomainTest : IAsyncLifetime
{
    protected TestDatabase Db { get; }

    protected DomainTest(TestDatabase? db = null) => Db = db ?? new TestDatabase();

    public virtual Task InitializeAsync() => Db.InitializeAsync();

    public virtual Task DisposeAsync() => Db.DisposeAsync();
}
