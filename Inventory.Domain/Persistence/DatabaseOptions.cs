namespace Inventory.Domain.Persistence;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The engine behind <see cref="IDatabaseEngine"/>; only "Sqlite" ships today.</summary>
    public string Provider { get; set; } = "Sqlite";
}
