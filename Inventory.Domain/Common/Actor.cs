using Inventory.Domain.Accounts;

namespace Inventory.Domain.Common;

/// <summary>
/// Who performs an operation: every service call takes one. The ledger records its name, the
/// account scopes what it may see (anything else does not exist for it), and its role decides what
/// it may change (<see cref="Permission"/>).
/// </summary>
public sealed record Actor
{
    private Actor(string name, int? accountId, Role role, int? userId)
    {
        Name = name;
        AccountId = accountId;
        Role = role;
        UserId = userId;
    }

    /// <summary>Background work the system does on its own (marketplace sync, held-order release) across every account.</summary>
    public static Actor System { get; } = new("system", null, Role.Admin, null);

    public string Name { get; }

    /// <summary>The account whose instances this actor sees; null only for <see cref="System"/>.</summary>
    public int? AccountId { get; }

    public Role Role { get; }

    /// <summary>The signed-in user, when there is one.</summary>
    public int? UserId { get; }

    /// <summary>A signed-in user (or an API token of theirs) acting within their account.</summary>
    public static Actor User(int userId, string name, int accountId, Role role) => new(name, accountId, role, userId);

    /// <summary>The system acting within one account (seeding the demo store, setup).</summary>
    public static Actor SystemIn(int accountId) => new("system", accountId, Role.Admin, null);

    public bool Can(Permission permission) => Role >= permission.Role;

    /// <summary>Throws <see cref="ForbiddenException"/> unless this actor's role allows <paramref name="permission"/>.</summary>
    public void Require(Permission permission)
    {
        if (!Can(permission))
            throw new ForbiddenException(
                $"{permission.Action} needs the {permission.Role} role; {Name} is {(Role == Role.Admin ? "an" : "a")} {Role}.");
    }
}
