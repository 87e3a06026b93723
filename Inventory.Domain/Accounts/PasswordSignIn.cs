using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Accounts;

public enum SignInVerdict
{
    /// <summary>Unknown email, wrong password, or password sign-in locked out: one verdict, so none of them can be told apart.</summary>
    Refused,

    /// <summary>The right password for a disabled user: said only to whoever knows the password.</summary>
    Disabled,

    SignedIn,
}

/// <summary>
/// What a password sign-in came to. <see cref="LockedUntil"/> is set once, on the first sign-in after a
/// lockout, so the user learns that someone tried their password.
/// </summary>
public sealed record SignInOutcome(SignInVerdict Verdict, User? User = null, DateTimeOffset? LockedUntil = null)
{
    public static SignInOutcome Refused { get; } = new(SignInVerdict.Refused);
}

/// <summary>
/// Signing in with email and password, for the sign-in page and the token endpoint alike. Five wrong
/// passwords lock out password sign-in only (tokens already issued keep working); the lockout goes
/// into the account's audit and is reported to the user at their next sign-in.
/// </summary>
/// <remarks>
/// Every attempt checks exactly one password against a hash — a user's own, or a stand-in's when the
/// email is unknown, the user is locked out or has no password yet — so neither the answer nor how long
/// it takes tells a guesser whether an email belongs to someone.
/// </remarks>
public sealed class PasswordSignIn(
    UserManager<User> users,
    IPasswordHasher<User> hasher,
    UsersDbContext db,
    IDbContextFactory<InventoryDbContext> inventory,
    IOptions<IdentityOptions> identity,
    TimeProvider clock)
{
    // Made once per process with the same hasher settings as real hashes, so checking against it costs the same.
    private static string? _standInHash;

    public async Task<SignInOutcome> SignInAsync(string? email, string? password, CancellationToken ct = default)
    {
        // A page's circuit keeps this scope: decide on what the database holds now.
        db.ChangeTracker.Clear();
        password ??= string.Empty;
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user?.PasswordHash is null || await users.IsLockedOutAsync(user))
        {
            hasher.VerifyHashedPassword(user ?? new User(), StandInHash(), password);
            return SignInOutcome.Refused;
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            if (await users.IsLockedOutAsync(user))
                await AuditLockoutAsync(user, ct);
            return SignInOutcome.Refused;
        }
        if (user.Disabled)
            return new(SignInVerdict.Disabled);
        // Identity leaves a lockout's end date behind; clearing it here is what makes the report come once.
        var lockedUntil = user.LockoutEnd;
        await users.ResetAccessFailedCountAsync(user);
        if (lockedUntil is not null)
            await users.SetLockoutEndDateAsync(user, null);
        return new(SignInVerdict.SignedIn, user, lockedUntil);
    }

    private string StandInHash() => _standInHash ??= hasher.HashPassword(new User(), Secrets.New());

    private async Task AuditLockoutAsync(User user, CancellationToken ct)
    {
        var lockout = identity.Value.Lockout;
        await using var store = await inventory.CreateDbContextAsync(ct);
        store.Audit(Actor.SystemIn(user.AccountId), null,
            $"{user.Email} locked out of password sign-in for {lockout.DefaultLockoutTimeSpan.TotalMinutes:0} minutes after "
            + $"{lockout.MaxFailedAccessAttempts} failed sign-ins; their API tokens keep working",
            clock.GetUtcNow().UtcDateTime);
        await store.SaveChangesAsync(ct);
    }
}
