namespace Inventory.Domain.Persistence;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Only "Sqlite" ships today; the bulk SQL lives in <see cref="StockSql"/> for a PostgreSQL twin.</summary>
    public string Provider { get; set; } = "Sqlite";
}
