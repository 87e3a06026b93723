using Microsoft.AspNetCore.Identity;

namespace Inventory.Domain.Accounts;

/// <summary>A person who signs in; belongs to one account with one role there.</summary>
public class User : IdentityUser<int>
{
    public int AccountId { get; set; }
    public Role Role { get; set; }

    /// <summary>A disabled user cannot sign in, their tokens stop working, and their open pages lose access.</summary>
    public bool Disabled { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>SHA-256 of the one-time invitation (a user created without a password); null once used.</summary>
    public string? InvitationHash { get; set; }

    public DateTime? InvitationExpiresAt { get; set; }
}

/// <summary>A personal API token: only its hash is kept, so it is shown once, when created.</summary>
public class ApiToken
{
    private ApiToken() { }

    public ApiToken(int userId, string name, string hash, string hint, DateTime createdAt)
    {
        UserId = userId;
        Name = name;
        Hash = hash;
        Hint = hint;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public int UserId { get; private set; }
    public string Name { get; private set; } = string.Empty;
    public string Hash { get; private set; } = string.Empty;

    /// <summary>The token's first characters, so its owner can tell tokens apart.</summary>
    public string Hint { get; private set; } = string.Empty;

    public DateTime CreatedAt { get; private set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; private set; }

    public void Revoke(DateTime at) => RevokedAt ??= at;
}
