using System.Security.Cryptography;
using System.Text;
using Inventory.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Accounts;

/// <summary>
/// Personal API tokens: created once and shown once, kept only as a hash, acting as their user with the
/// user's role as it stands now, and stopped by revoking them or disabling the user. A lockout does not
/// stop them: it guards the password against guessing, and anyone who knows an email could otherwise
/// cut off that user's scripts at will.
/// </summary>
/// <remarks>Every change clears the change tracker first: a page's circuit keeps this scope open.</remarks>
public sealed class ApiTokenService(UsersDbContext db, TimeProvider clock)
{
    public const string TokenPrefix = "inv_";

    /// <summary>A personal API token carrying the user's role; the secret is returned once.</summary>
    public async Task<CreatedToken> CreateTokenAsync(Actor actor, string? name, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var userId = actor.UserId ?? throw new ForbiddenException("Only a user can hold a token.");
        var label = Fields.Required(name, "name", Fields.NameMaxLength);
        var secret = TokenPrefix + Secrets.New();
        var token = new ApiToken(userId, label, Secrets.Hash(secret), secret[..10], clock.GetUtcNow().UtcDateTime);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new CreatedToken(ToView(token), secret);
    }

    public async Task<IReadOnlyList<TokenView>> ListTokensAsync(Actor actor, CancellationToken ct = default)
    {
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == actor.UserId)
            .OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
        return tokens.Select(ToView).ToList();
    }

    /// <summary>Revokes one of the actor's own tokens; it stops working at once.</summary>
    public async Task RevokeTokenAsync(Actor actor, int tokenId, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == actor.UserId, ct)
            ?? throw new NotFoundException($"Token {tokenId} does not exist.");
        token.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Who a bearer token acts as: null when it is unknown, revoked, or its user is disabled.</summary>
    public async Task<Actor?> AuthenticateTokenAsync(string? secret, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        if (secret is null || !secret.StartsWith(TokenPrefix, StringComparison.Ordinal))
            return null;
        var hash = Secrets.Hash(secret);
        var found = await db.ApiTokens.Where(t => t.Hash == hash && t.RevokedAt == null)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .SingleOrDefaultAsync(ct);
        if (found is null || found.User.Disabled)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        // Recorded at most once a minute, so a busy script does not write on every call.
        if (found.Token.LastUsedAt is null || now - found.Token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            found.Token.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return AccountService.ActorOf(found.User);
    }

    /// <summary>Every token of the user stops working (their user was disabled).</summary>
    internal async Task RevokeAllAsync(int userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    private static TokenView ToView(ApiToken t) => new(t.Id, t.Name, t.Hint, t.CreatedAt, t.LastUsedAt, t.RevokedAt);
}

/// <summary>The random secrets behind tokens and invitations, and the one way they are stored (SHA-256).</summary>
internal static class Secrets
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
