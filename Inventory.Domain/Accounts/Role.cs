namespace Inventory.Domain.Accounts;

/// <summary>What a user may do within their account; each role includes the ones before it.</summary>
public enum Role
{
    /// <summary>Reads everything of the account, changes nothing.</summary>
    Viewer,

    /// <summary>Runs the day: Update Inventory, Accept, labels, cancel, Sync now.</summary>
    Operator,

    /// <summary>Also users, instances and their settings, and Clear Inventory.</summary>
    Admin,
}

/// <summary>
/// One thing a role may or may not do, named as the seller knows it. The services demand these and
/// the pages ask them to hide what a user cannot do, so the two never disagree.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711",
    Justification = "The domain's own word for what a role allows; not a code-access-security permission.")]
public sealed record Permission(string Action, Role Role)
{
    public static Permission View { get; } = new("See the account's instances, stock and orders", Role.Viewer);
    public static Permission UpdateInventory { get; } = new("Update Inventory", Role.Operator);
    public static Permission HandleOrders { get; } = new("Accept, label, cancel and sync orders", Role.Operator);
    public static Permission ClearInventory { get; } = new("Clear Inventory", Role.Admin);
    public static Permission ManageInstances { get; } = new("Add instances and change their settings", Role.Admin);
    public static Permission ManageUsers { get; } = new("Manage users", Role.Admin);
}
