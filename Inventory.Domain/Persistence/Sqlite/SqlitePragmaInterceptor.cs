using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Inventory.Domain.Persistence.Sqlite;

/// <summary>
/// Per-connection settings SQLite does not take from the connection string. WAL makes commits cheap
/// enough that synchronous=NORMAL keeps durability across application crashes without an fsync per
/// commit.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
