using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Notifications;
using Inventory.Domain.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Marketplace;

/// <summary>
/// Connects an instance to its marketplace account (an Admin's job), shows the connection masked, and
/// hands the clear credentials to the marketplace clients only. Secrets are encrypted with ASP.NET Core
/// Data Protection, whose keys live in the shared database, so every server can read them.
/// </summary>
public sealed class MarketplaceConnections(
    IDbContextFactory<InventoryDbContext> dbFactory,
    IDataProtectionProvider protection,
    IChangeNotifier notifier,
    IMarketplaceEndpoints endpoints,
    TimeProvider clock)
{
    private const string Mask = "••••••••";
    private readonly IDataProtector _protector = protection.CreateProtector("Inventory.MarketplaceCredentials.v1");

    public async Task<MarketplaceConnectionView?> GetAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var connection = await db.MarketplaceConnections.AsNoTracking().SingleOrDefaultAsync(c => c.InstanceId == instanceId, ct);
        return connection is null ? null : ToView(connection);
    }

    /// <summary>Connects the instance, or changes its connection; a secret or token left empty keeps the stored one.</summary>
    public async Task<MarketplaceConnectionView> SaveAsync(int instanceId, MarketplaceConnectionInput input, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.ManageInstances, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var connection = await db.MarketplaceConnections.SingleOrDefaultAsync(c => c.InstanceId == instanceId, ct);
        var isNew = connection is null;
        connection ??= db.MarketplaceConnections.Add(new MarketplaceConnection(instanceId, now)).Entity;

        var kind = input.Kind ?? MarketplaceKind.AmazonDirectFulfillment;
        if (!Enum.IsDefined(kind))
            throw new ValidationException("kind", $"kind must be {string.Join(" or ", Enum.GetNames<MarketplaceKind>())}.");
        var region = input.Region ?? throw new ValidationException("region", "region is required: NA, EU or FE.");
        if (!Enum.IsDefined(region))
            throw new ValidationException("region", "region must be NA, EU or FE.");
        var endpoint = endpoints.Api(input.Endpoint, region);
        var tokenEndpoint = endpoints.Token(input.TokenEndpoint);
        connection.Set(kind, region, endpoint, tokenEndpoint, input.ClientId ?? "", input.SellingPartyId ?? "", now);

        var secret = Secret(input.ClientSecret, "clientSecret", isNew);
        var token = Secret(input.RefreshToken, "refreshToken", isNew);
        connection.SetSecrets(
            secret is null ? connection.ProtectedClientSecret : _protector.Protect(secret), secret is null ? connection.SecretHint : Hint(secret),
            token is null ? connection.ProtectedRefreshToken : _protector.Protect(token), token is null ? connection.RefreshTokenHint : Hint(token));

        db.Audit(actor, instanceId, $"{(isNew ? "Connected" : "Changed the connection to")} Amazon ({region}, selling party {connection.SellingPartyId})", now);
        await db.SaveChangesAsync(ct);
        notifier.Publish(new InstanceChanged(instanceId));
        return ToView(connection);
    }

    public async Task<bool> DisconnectAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.ManageInstances, ct);
        var removed = await db.MarketplaceConnections.Where(c => c.InstanceId == instanceId).ExecuteDeleteAsync(ct) > 0;
        if (removed)
        {
            db.Audit(actor, instanceId, "Disconnected Amazon", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            notifier.Publish(new InstanceChanged(instanceId));
        }
        return removed;
    }

    /// <summary>The clear credentials, for the marketplace clients only; null when the instance is not connected.</summary>
    internal async Task<MarketplaceCredentials?> CredentialsAsync(int instanceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.MarketplaceConnections.AsNoTracking().SingleOrDefaultAsync(x => x.InstanceId == instanceId, ct);
        return c is null
            ? null
            : new MarketplaceCredentials(instanceId, c.Region, new Uri(c.Endpoint), new Uri(c.TokenEndpoint), c.ClientId,
                _protector.Unprotect(c.ProtectedClientSecret), _protector.Unprotect(c.ProtectedRefreshToken), c.SellingPartyId);
    }

    private static MarketplaceConnectionView ToView(MarketplaceConnection c) => new(
        c.Kind, c.Region, c.Endpoint, c.TokenEndpoint, c.ClientId, Mask + c.SecretHint, Mask + c.RefreshTokenHint, c.SellingPartyId,
        c.ConnectedAt, c.UpdatedAt);

    private static string Hint(string secret) => secret.Length > 12 ? secret[^4..] : "";

    private static string? Secret(string? value, string field, bool required)
    {
        if (string.IsNullOrWhiteSpace(value) || value.StartsWith(Mask, StringComparison.Ordinal))
            return required ? throw new ValidationException(field, $"{field} is required to connect.") : null;
        if (value.Length > 2000)
            throw new ValidationException(field, $"{field} is longer than 2,000 characters.");
        return value.Trim();
    }
}

/// <summary>
/// Where a connection may send its secrets: the marketplace's own hosts and the origins the operator allows.
/// An address typed into the API or the page is never enough on its own.
/// </summary>
public interface IMarketplaceEndpoints
{
    /// <summary>The connection's API address; a validation error when it may not be used.</summary>
    Uri Api(string? value, AmazonRegion region);

    /// <summary>The connection's token address; a validation error when it may not be used.</summary>
    Uri Token(string? value);
}
