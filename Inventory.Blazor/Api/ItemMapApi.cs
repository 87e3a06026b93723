using Inventory.Domain.Common;
using Inventory.Domain.Marketplace;

namespace Inventory.Blazor.Api;

/// <summary>The instance's item map (ASIN ↔ SKU), by which an Amazon line naming only an ASIN is matched to stock.</summary>
public static class ItemMapApi
{
    public sealed record ItemMapResponse(IReadOnlyList<ItemMapRow> Entries);

    public sealed record ItemMapBody(IReadOnlyList<ItemMapChange>? Entries);

    /// <param name="Released">The orders held with "Unknown item" that this change matched again, and what became of each.</param>
    public sealed record ItemMapPutResponse(int Mapped, int Removed, IReadOnlyList<OrdersApi.OrderOutcomeResponse> Released);

    public static RouteGroupBuilder MapItemMapApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instances/{id:int}/items/map").WithTags("Item map").AddEndpointFilter<DomainErrorFilter>()
            .RequireAuthorization(Auth.AuthSetup.ApiPolicy);

        group.MapGet("/", async (int id, string? sku, Actor actor, ItemMap map, CancellationToken ct) =>
                TypedResults.Ok(new ItemMapResponse(await map.ListAsync(id, actor, sku, ct))))
            .WithSummary($"The item map, by ASIN (at most {ItemMap.MaxRows:N0} rows); sku = only the ASINs of that SKU");

        group.MapPut("/", async (int id, ItemMapBody body, Actor actor, ItemMap map, CancellationToken ct) =>
            {
                var result = await map.PutAsync(id, body.Entries ?? throw new ValidationException("entries", "Say { \"entries\": [{ \"asin\": …, \"sku\": … }] }."),
                    actor, ct);
                return TypedResults.Ok(new ItemMapPutResponse(result.Mapped, result.Removed,
                    result.Rematched.Orders.Select(OrdersApi.ToResponse).ToList()));
            })
            .WithSummary("Map ASINs to SKUs (an empty sku forgets the ASIN); orders held with \"Unknown item\" are matched again");

        return group;
    }
}
