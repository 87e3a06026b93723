using Inventory.Domain.Common;

namespace Inventory.Domain.Accounts;

/// <summary>
/// Who changed a setting or a user, and when. Stock changes have their own record, the ledger; this is
/// for what is not stock: an instance's settings, and the account's users.
/// </summary>
public class AuditEntry
{
    public const int WhatMaxLength = 400;

    private AuditEntry() { }

    public AuditEntry(int? accountId, int? instanceId, string user, string what, DateTime at)
    {
        AccountId = accountId;
        InstanceId = instanceId;
        User = user.Length > Fields.UserMaxLength ? user[..Fields.UserMaxLength] : user;
        What = what.Length > WhatMaxLength ? what[..WhatMaxLength] : what;
        At = at;
    }

    public long Id { get; private set; }
    public int? AccountId { get; private set; }
    public int? InstanceId { get; private set; }
    public string User { get; private set; } = string.Empty;
    public string What { get; private set; } = string.Empty;
    public DateTime At { get; private set; }
}

public sealed record AuditView(DateTime At, string User, int? InstanceId, string What);
