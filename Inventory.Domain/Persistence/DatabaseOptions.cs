namespace Inventory.Domain.Persistence;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The engine behind <see cref="IDatabaseEngine"/>; "Sqlite" (the default, one file) or "Postgres" (several servers).</summary>
    public string Provider { get; set; } = "Sqlite";
}
