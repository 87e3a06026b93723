using Inventory.Domain.Common;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Accounts;

/// <summary>
/// Accounts, their users (ASP.NET Core Identity) and API tokens: the same database as the inventory,
/// its own model and migrations (<c>Persistence/*/UserMigrations</c>).
/// </summary>
/// <remarks>
/// After a model change, add a migration for each engine, as for the inventory's context:
/// <code>dotnet ef migrations add Name --context UsersDbContext --project Inventory.Domain --startup-project Inventory.Blazor --output-dir Persistence/Sqlite/UserMigrations --namespace Inventory.Domain.Persistence.Sqlite.UserMigrations
/// Database__Provider=Postgres ConnectionStrings__Inventory="Host=localhost" dotnet ef migrations add Name --context UsersDbContext --project Inventory.Domain --startup-project Inventory.Blazor --output-dir Persistence/Postgres/UserMigrations --namespace Inventory.Domain.Persistence.Postgres.UserMigrations</code>
/// </remarks>
public class UsersDbContext(DbContextOptions<UsersDbContext> options) : IdentityUserContext<User, int>(options), IDataProtectionKeyContext
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    /// <summary>
    /// The keys that protect sign-in cookies, antiforgery tokens and invitations, kept in the database so
    /// they survive a restart and every server of the same database can read what another wrote.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<Account>(account => account.Property(a => a.Name).HasMaxLength(Fields.NameMaxLength));
        builder.Entity<User>(user =>
        {
            user.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
            user.Property(u => u.InvitationHash).HasMaxLength(64);
            user.HasOne<Account>().WithMany().HasForeignKey(u => u.AccountId);
            user.HasIndex(u => u.AccountId);
        });
        builder.Entity<ApiToken>(token =>
        {
            token.Property(t => t.Name).HasMaxLength(Fields.NameMaxLength);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.Property(t => t.Hint).HasMaxLength(16);
            token.HasIndex(t => t.Hash).IsUnique();
            token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<Persistence.UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<Persistence.UtcConverter>();
    }
}
