using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Persistence.Sqlite;

/// <summary>
/// SQLite has one writer at a time: every transaction here is IMMEDIATE (it takes the write lock when
/// it begins), so orders, counts and switch changes never interleave and need no locks of their own.
/// </summary>
internal sealed class SqliteBulkStatements(DbContext db) : SqlBulkStatements(db)
{
    protected override string ForOrderFlow => "";

    protected override string Json(string parameter) => parameter;

    protected override string ForOrderChange => "";

    public override Task LockInstanceForCountAsync(int instanceId, CancellationToken ct) => Task.CompletedTask;
}
