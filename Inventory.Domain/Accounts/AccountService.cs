using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Accounts;

/// <summary>
/// Accounts, users and tokens: the first start's setup, sign-up, an Admin's user management, and
/// what a token or a signed-in user may act as. Passwords and lockout are ASP.NET Core Identity's.
/// </summary>
public sealed class AccountService(
    UserManager<User> users,
    UsersDbContext db,
    IDbContextFactory<InventoryDbContext> inventory,
    TimeProvider clock,
    IOptions<AccountOptions> options,
    ApiTokenService tokens)
{
    public const string EmailRefused = "This email address cannot be used for a new user; use another one.";

    // Two browsers submitting the setup page at once must not both become the first administrator.
    private static readonly SemaphoreSlim SetupLock = new(1, 1);

    /// <summary>True until the first user exists: every page then leads to the setup page.</summary>
    public async Task<bool> NeedsSetupAsync(CancellationToken ct = default) => !await db.Users.AnyAsync(ct);

    /// <summary>
    /// The first start: creates the first account and its administrator. Instances that belong to no
    /// account (the demo store, or a database from before accounts existed) become theirs.
    /// </summary>
    public async Task<User> SetUpAsync(string accountName, string email, string password, CancellationToken ct = default)
    {
        await SetupLock.WaitAsync(ct);
        try
        {
            if (!await NeedsSetupAsync(ct))
                throw new DomainException("Setup is done already: sign in instead.");
            var admin = await CreateAccountAsync(accountName, email, password, ct);
            await using var store = await inventory.CreateDbContextAsync(ct);
            await store.Instances.Where(i => i.AccountId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AccountId, admin.AccountId), ct);
            return admin;
        }
        finally
        {
            SetupLock.Release();
        }
    }

    /// <summary>A new account with its Admin, when <see cref="AccountOptions.AllowSignUp"/> is on.</summary>
    public async Task<User> SignUpAsync(string accountName, string email, string password, CancellationToken ct = default)
    {
        if (!options.Value.AllowSignUp)
            throw new ForbiddenException("Sign-up is switched off on this server; ask an administrator for an invitation.");
        return await CreateAccountAsync(accountName, email, password, ct);
    }

    public async Task<IReadOnlyList<UserView>> ListUsersAsync(Actor actor, CancellationToken ct = default)
    {
        actor.Require(Permission.ManageUsers);
        var list = await UsersOf(actor).AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        return list.Select(ToView).ToList();
    }

    /// <summary>
    /// An Admin adds a user to their account. Without a password the user gets a one-time invitation
    /// (its token is returned once, and only its hash is kept) to choose one.
    /// </summary>
    public async Task<NewUser> CreateUserAsync(Actor actor, string? email, string? password, Role role, CancellationToken ct = default)
    {
        Fresh();
        actor.Require(Permission.ManageUsers);
        var accountId = actor.AccountId ?? throw new ForbiddenException("Users belong to an account; the system has none.");
        RequireRole(role);
        var user = NewUserOf(email, accountId, role);
        string? invitation = null;
        if (string.IsNullOrEmpty(password))
        {
            invitation = Secrets.New();
            user.InvitationHash = Secrets.Hash(invitation);
            user.InvitationExpiresAt = clock.GetUtcNow().UtcDateTime.AddDays(options.Value.InvitationDays);
            Check(await users.CreateAsync(user), "email");
        }
        else
        {
            Check(await users.CreateAsync(user, password), "password");
        }
        await AuditAsync(actor, $"Added user {user.Email} as {role}{(invitation is null ? "" : " (invited)")}", ct);
        return new NewUser(ToView(user), invitation);
    }

    /// <summary>An Admin changes a user's role or disables them. Nobody demotes or disables themselves, so an account keeps an Admin.</summary>
    public async Task<UserView> UpdateUserAsync(Actor actor, int userId, Role? role, bool? disabled, CancellationToken ct = default)
    {
        Fresh();
        actor.Require(Permission.ManageUsers);
        var user = await UsersOf(actor).SingleOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new NotFoundException($"User {userId} does not exist.");
        if (user.Id == actor.UserId && ((role is { } r && r != Role.Admin) || disabled == true))
            throw new DomainException("You cannot take away your own Admin role or disable yourself; another Admin can.");
        if (role is { } newRole)
        {
            RequireRole(newRole);
            user.Role = newRole;
        }
        if (disabled is { } off)
        {
            user.Disabled = off;
            if (off)
                await tokens.RevokeAllAsync(user.Id, ct);
        }
        // A new security stamp makes the user's cookies fail their next revalidation.
        Check(await users.UpdateSecurityStampAsync(user), "user");
        var what = new[] { role is { } rr ? $"role {rr}" : null, disabled is { } d ? (d ? "disabled" : "enabled") : null };
        await AuditAsync(actor, $"Changed user {user.Email}: {string.Join(", ", what.Where(w => w is not null))}", ct);
        return ToView(user);
    }

    /// <summary>Completes an invitation: the user chooses a password and can sign in. The link works once.</summary>
    public async Task<User> AcceptInvitationAsync(string? token, string password, CancellationToken ct = default)
    {
        Fresh();
        var hash = Secrets.Hash(token ?? string.Empty);
        var user = await db.Users.SingleOrDefaultAsync(u => u.InvitationHash == hash, ct);
        if (user is null || user.InvitationExpiresAt < clock.GetUtcNow().UtcDateTime || user.Disabled)
            throw new NotFoundException("This invitation link is not valid (used already, expired, or mistyped). Ask your administrator for a new one.");
        Check(await users.AddPasswordAsync(user, password), "password");
        user.InvitationHash = null;
        user.InvitationExpiresAt = null;
        Check(await users.UpdateAsync(user), "user");
        return user;
    }

    /// <summary>Who changed settings and users in the actor's account, newest first (Admin).</summary>
    public async Task<IReadOnlyList<AuditView>> AuditAsync(Actor actor, int limit = 200, CancellationToken ct = default)
    {
        actor.Require(Permission.ManageUsers);
        await using var store = await inventory.CreateDbContextAsync(ct);
        return await store.AuditEntries.AsNoTracking().Where(a => a.AccountId == actor.AccountId)
            .OrderByDescending(a => a.Id).Take(Math.Clamp(limit, 1, 1000))
            .Select(a => new AuditView(a.At, a.User, a.InstanceId, a.What)).ToListAsync(ct);
    }

    // User changes are Identity's (another context): the audit line follows the change, it is not in its transaction.
    private async Task AuditAsync(Actor actor, string what, CancellationToken ct)
    {
        await using var store = await inventory.CreateDbContextAsync(ct);
        store.Audit(actor, null, what, clock.GetUtcNow().UtcDateTime);
        await store.SaveChangesAsync(ct);
    }

    public static Actor ActorOf(User user) => Actor.User(user.Id, user.Email ?? user.UserName ?? $"user {user.Id}", user.AccountId, user.Role);

    // A page's circuit keeps its scope (and this context) for as long as it is open: every change starts from
    // what the database holds now, not from what the context read minutes ago.
    private void Fresh() => db.ChangeTracker.Clear();

    private IQueryable<User> UsersOf(Actor actor) =>
        actor.AccountId is { } account ? db.Users.Where(u => u.AccountId == account) : db.Users;

    /// <summary>A new account and its Admin, whatever the sign-up setting (setup, sign-up, tests).</summary>
    internal async Task<User> CreateAccountAsync(string accountName, string email, string password, CancellationToken ct)
    {
        var account = new Account(accountName, clock.GetUtcNow().UtcDateTime);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        var admin = NewUserOf(email, account.Id, Role.Admin);
        Check(await users.CreateAsync(admin, password), "password");
        await tx.CommitAsync(ct);
        return admin;
    }

    private User NewUserOf(string? email, int accountId, Role role)
    {
        var address = Fields.Required(email, "email", 256);
        if (!address.Contains('@', StringComparison.Ordinal))
            throw new ValidationException("email", $"'{address}' is not an email address.");
        return new User
        {
            UserName = address,
            Email = address,
            AccountId = accountId,
            Role = role,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };
    }

    private static void RequireRole(Role role)
    {
        if (!Enum.IsDefined(role))
            throw new ValidationException("role", $"Role '{role}' is not one of {string.Join(", ", Enum.GetNames<Role>())}.");
    }

    /// <summary>Identity's refusal (a short password, a taken email) as the domain's validation error.</summary>
    private static void Check(IdentityResult result, string field)
    {
        if (result.Succeeded)
            return;
        // Identity says "already taken", and the email may belong to another account: whether anyone, and
        // who, holds an address is nobody's business here, so a taken email is refused as any unusable one.
        if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
            throw new ValidationException("email", EmailRefused);
        var message = string.Join(" ", result.Errors.Select(e => e.Description));
        var named = result.Errors.Any(e => e.Code.Contains("Password", StringComparison.Ordinal)) ? "password"
            : result.Errors.Any(e => e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal)) ? "email"
            : field;
        throw new ValidationException(named, message);
    }

    private static UserView ToView(User u) =>
        new(u.Id, u.Email ?? u.UserName ?? string.Empty, u.Role, u.Disabled, u.InvitationHash is not null, u.CreatedAt);

}
