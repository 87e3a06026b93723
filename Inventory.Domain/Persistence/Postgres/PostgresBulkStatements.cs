using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Persistence.Postgres;

/// <summary>
/// PostgreSQL lets writers run side by side, so the order of locks is what keeps them correct: every
/// order transaction first takes the instance row FOR SHARE (many orders at once), a count (import,
/// clear) takes it FOR UPDATE (alone), and a writer of an order takes that order's row FOR UPDATE.
/// The quantities themselves are changed by conditional UPDATEs, which PostgreSQL re-checks against
/// the latest committed row.
/// </summary>
internal sealed class PostgresBulkStatements(DbContext db) : SqlBulkStatements(db)
{
    protected override string ForOrderFlow => " FOR SHARE";

    protected override string Json(string parameter) => $"CAST({parameter} AS jsonb)";

    protected override string ForOrderChange => " FOR UPDATE";

    public override async Task LockInstanceForCountAsync(int instanceId, CancellationToken ct)
    {
        await using var command = Command(InstanceForCount, ("@instance", instanceId));
        await command.ExecuteNonQueryAsync(ct);
    }

    internal const string InstanceForCount = """SELECT 1 FROM "Instances" WHERE "Id" = @instance FOR UPDATE""";
}
