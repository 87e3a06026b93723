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
        services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: [Ready])
            .AddCheck<RedisCheck>("redis", tags: [Ready]);

    public static void MapInventoryHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Ready),
            // Degraded (Redis away: this server works, but other servers do not hear its changes) is not ready.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
    }

    /// <summary>Healthy without Redis configured; degraded while a configured Redis is unreachable.</summary>
    private sealed class RedisCheck(IServiceProvider services) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            Task.FromResult(services.GetService<Inventory.Domain.Notifications.RedisChangeNotifier>() is { IsConnected: false }
                ? HealthCheckResult.Degraded("Redis does not answer: live updates between servers are paused.")
                : HealthCheckResult.Healthy());
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
