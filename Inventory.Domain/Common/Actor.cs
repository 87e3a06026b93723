namespace Inventory.Domain.Common;

/// <summary>
/// Who performs an operation. Every operation takes one so the ledger records who did it, and so
/// roles can be enforced here in the domain once sign-in exists.
/// </summary>
public sealed record Actor(string Name)
{
    /// <summary>The fixed local user until sign-in exists.</summary>
    public static Actor LocalUser { get; } = new("seller");

    /// <summary>Background work the system does on its own (marketplace sync, demo seeding).</summary>
    public static Actor System { get; } = new("system");
}
