using Inventory.Domain.Persistence.Postgres;
using Npgsql;

namespace Inventory.Tests.Domain;

/// <summary>How the PostgreSQL engine connects, beyond what the operator configured.</summary>
public sealed class PostgresEngineTests
{
    // Observed: a 1M-row import on PostgreSQL failed with "Timeout during reading attempt" when its upsert
    // (every item through five indexes, the trigram one most of all) ran past Npgsql's default of 30 s.
    [Fact]
    public void AStatement_MayRunPastNpgsqlsDefaultThirtySeconds_AsABigImportsApplyDoes_UnlessTheConnectionStringSaysOtherwise()
    {
        var defaulted = new NpgsqlConnectionStringBuilder(new PostgresEngine("Host=db;Username=inventory").ConnectionString);
        Assert.Equal(PostgresEngine.BulkCommandTimeout.TotalSeconds, defaulted.CommandTimeout);
        Assert.True(defaulted.CommandTimeout > 30);

        var configured = new NpgsqlConnectionStringBuilder(new PostgresEngine("Host=db;Username=inventory;Command Timeout=45").ConnectionString);
        Assert.Equal(45, configured.CommandTimeout);
    }
}
