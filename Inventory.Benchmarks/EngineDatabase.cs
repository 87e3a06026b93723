using Npgsql;

namespace Inventory.Benchmarks;

/// <summary>
/// A fresh database on one engine: the settings that point the domain at it, how to drop it, and
/// (where the engine has them) how old its planner's statistics on the stock table are, and how
/// to bring them up to date.
/// </summary>
internal sealed record EngineDatabase(string Name, IReadOnlyDictionary<string, string?> Settings, Func<Task> DropAsync,
    Func<Task<string?>>? StatisticsAsync = null, Func<Task>? AnalyzeAsync = null)
{
    /// <summary>
    /// A SQLite file in <paramref name="folder"/>; dropping it closes the pooled connections and deletes
    /// it with its WAL files (with <paramref name="keep"/>, only closes them, so the file can be looked at).
    /// </summary>
    public static EngineDatabase Sqlite(string folder, string fileName, bool keep = false)
    {
        var file = Path.Combine(folder, fileName);
        return new EngineDatabase("SQLite", new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Inventory"] = $"Data Source={file};Default Timeout=60",
        }, () =>
        {
            if (keep)
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            else
                DomainImport.DeleteSqlite(file);
            return Task.CompletedTask;
        });
    }

    /// <summary>A database name nobody uses on the server; the app creates it on start, as it would in production.</summary>
    public static EngineDatabase Postgres(string server)
    {
        var name = "inventory_bench_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new EngineDatabase("PostgreSQL", new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Inventory"] = connectionString,
        }, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            // FORCE ends a session the app may still have busy there (an import's background clean-up).
            // Without pg_signal_backend it may not end an autovacuum worker, but a plain DROP does, now
            // that the pools are closed. The name is ours, made above.
            try
            {
                await PostgresServer.AdminAsync(server, $"""DROP DATABASE IF EXISTS "{name}" WITH (FORCE)""");
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                await PostgresServer.AdminAsync(server, $"""DROP DATABASE IF EXISTS "{name}" """);
            }
        }, () => PostgresServer.AdminAsync(server, """
            SELECT coalesce('analyzed ' || round(extract(epoch FROM now() - greatest(last_analyze, last_autoanalyze))) || ' s earlier', 'never analyzed')
            FROM pg_stat_user_tables WHERE relname = 'StockItems'
            """, name),
            async () => await PostgresServer.AdminAsync(server, """ANALYZE "StockItems" """, name));
    }
}

/// <summary>The PostgreSQL server the benchmarks create their databases on, and statements run on it directly.</summary>
internal static class PostgresServer
{
    public const string Variable = "INVENTORY_TEST_POSTGRES";
    public const string Default = "Host=127.0.0.1;Port=5432;Username=inventory;Password=inventory";

    public const string Usage = "a server, no Database; default $" + Variable + ", else " + Default;

    /// <summary>Whether <see cref="Variable"/> names a server.</summary>
    public static bool InEnvironment => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 };

    /// <summary>The server <c>--postgres</c> names, else <see cref="Variable"/>'s, else <see cref="Default"/>; checked to name no database.</summary>
    public static string From(BenchmarkArgs args)
    {
        var server = args.Text("postgres")
            ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : Default);
        try
        {
            if (new NpgsqlConnectionStringBuilder(server).Database is { Length: > 0 } database)
                throw new BenchmarkArgs.UsageException(
                    $"--postgres names a server, not a database (drop Database={database}): the benchmark creates and drops a database of its own.");
        }
        catch (ArgumentException ex)
        {
            throw new BenchmarkArgs.UsageException($"--postgres: not a connection string ({ex.Message}).");
        }
        return server;
    }

    /// <summary>"PostgreSQL 15.8 at 127.0.0.1:5432 as inventory" — and a server that cannot be reached fails here, before any long work.</summary>
    public static async Task<string> DescribeAsync(string server)
    {
        var version = await AdminAsync(server, "SHOW server_version");
        var builder = new NpgsqlConnectionStringBuilder(server);
        return $"PostgreSQL {version} at {builder.Host}:{builder.Port} as {builder.Username}";
    }

    /// <summary>One statement on a database of the server (by default <c>postgres</c>), on a connection of its own.</summary>
    public static async Task<string?> AdminAsync(string server, string sql, string database = "postgres")
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
