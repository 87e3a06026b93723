using Inventory.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Inventory.Tests.TestSupport;

/// <summary>The database engines the domain runs on; the rule, ledger, import and concurrency suites run on each.</summary>
public enum Engine { Sqlite, Postgres }

/// <summary>
/// PostgreSQL for the tests: the server named by <c>INVENTORY_TEST_POSTGRES</c> (a connection string
/// without a database; <c>.ci/run</c> starts one and sets it). Each test gets a database of its own,
/// cloned from a template migrated once per run. Without the variable, PostgreSQL tests are skipped.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "INVENTORY_TEST_POSTGRES";
    private const string Template = "inventory_test_template";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _templateReady;

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    public static void SkipUnlessAvailable() =>
        Skip.If(Server is null, $"PostgreSQL tests need {Variable} (see docs/architecture.md, Tests); .ci/run sets it.");

    /// <summary>A fresh, migrated database; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        SkipUnlessAvailable();
        var name = "inventory_test_" + Guid.NewGuid().ToString("N")[..12];
        await Gate.WaitAsync();
        try
        {
            if (!_templateReady)
            {
                await CreateTemplateAsync();
                _templateReady = true;
            }
            await AdminAsync($"""CREATE DATABASE "{name}" TEMPLATE {Template}""");
        }
        finally
        {
            Gate.Release();
        }
        return Database(name);
    }

    /// <summary>A connection string for a database that does not exist yet: the app creates it on start.</summary>
    public static string NewDatabase()
    {
        SkipUnlessAvailable();
        return Database("inventory_test_" + Guid.NewGuid().ToString("N")[..12]);
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        // FORCE ends the sessions the test's pools still hold.
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        try
        {
            await AdminAsync($"""DROP DATABASE IF EXISTS "{name}" WITH (FORCE)""");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // An autovacuum worker was in it: FORCE may not end that without pg_signal_backend, but a
            // plain DROP does, once no pool holds a session there.
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"""DROP DATABASE IF EXISTS "{name}" """);
        }
    }

    /// <summary>Migrating once and cloning is what keeps a per-test database cheap (a clone is a file copy).</summary>
    private static async Task CreateTemplateAsync()
    {
        await AdminAsync($"DROP DATABASE IF EXISTS {Template} WITH (FORCE)");
        var connectionString = Database(Template);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Inventory"] = connectionString,
            ["Demo:Seed"] = "false",
        }).Build();
        await using (var services = new ServiceCollection().AddLogging().AddInventoryDomain(configuration, Path.GetTempPath())
                         .BuildServiceProvider())
            await services.InitializeInventoryDatabaseAsync();
        // A template must have no sessions when it is copied; no test database exists yet to lose its pool.
        NpgsqlConnection.ClearAllPools();
    }

    private static string Database(string name) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
