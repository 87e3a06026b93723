using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>Test connection: a token from Login with Amazon, then one small getOrders call, so both halves of the setup are checked.</summary>
public sealed class AmazonConnectionTest(IDbContextFactory<InventoryDbContext> dbFactory, MarketplaceConnections connections, SpApiClient api,
    TimeProvider clock)
{
    public async Task<ConnectionTest> RunAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await db.EnsureInstanceAsync(instanceId, actor, Permission.ManageInstances, ct);
        var credentials = await connections.CredentialsAsync(instanceId, ct)
            ?? throw new DomainException("The instance is not connected to Amazon yet: save the connection first.");
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            var page = await api.GetOrdersAsync(credentials, now.AddDays(-1), now, null, 1, ct);
            return new ConnectionTest(true,
                $"Connected: Amazon answered for selling party {credentials.SellingPartyId}" +
                (page.Orders is { Count: > 0 } ? ", and there are new orders to sync." : "; no new orders in the last day."));
        }
        // Every failure of the call arrives as Amazon's refusal or in the product's words (AmazonGate), never with an address in it.
        catch (MarketplaceException ex)
        {
            return new ConnectionTest(false, ex.Message);
        }
    }
}
