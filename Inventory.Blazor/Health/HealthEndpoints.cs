using Inventory.Domain.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Inventory.Blazor.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (a load balancer restarts it otherwise).
/// <c>/health/ready</c>: it can do its work — the database answers — so it may be sent traffic.
/// Both are anonymous and say nothing but the status.
/// </summary>
internal static class HealthEndpoints
{
    private const string Ready = "ready";

    public static void AddInventoryHealth(this IServiceCollection services) =>
        services.AddHealthChecks().AddCheck<DatabaseCheck>("database", tags: [Ready]);

    public static void MapInventoryHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) }).AllowAnonymous();
    }

    private sealed class DatabaseCheck(IDbContextFactory<InventoryDbContext> dbFactory) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                // A real query, not only a connection: the database is there, migrated and readable.
                await db.Instances.AnyAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The database does not answer.", ex);
            }
        }
    }
}
