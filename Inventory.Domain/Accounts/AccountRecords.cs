namespace Inventory.Domain.Accounts;

public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>When true, anyone may create a new account (with its Admin) on the sign-up page or the API.</summary>
    public bool AllowSignUp { get; set; }

    /// <summary>How long an invitation link stays valid.</summary>
    public int InvitationDays { get; set; } = 7;
}

/// <summary>For unattended installs: the first account's administrator, created on start when there is no user yet.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public string? Email { get; set; }
    public string? Password { get; set; }
    public string Account { get; set; } = "My company";
}

public sealed record UserView(int Id, string Email, Role Role, bool Disabled, bool InvitationPending, DateTime CreatedAt);

/// <summary>A user just created; <see cref="InvitationToken"/> (shown once) when created without a password.</summary>
public sealed record NewUser(UserView User, string? InvitationToken);

public sealed record TokenView(int Id, string Name, string Hint, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>A token just created: the secret is in <see cref="Token"/> now and never again.</summary>
public sealed record CreatedToken(TokenView View, string Token);
