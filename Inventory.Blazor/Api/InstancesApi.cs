using Inventory.Domain.Common;
using Inventory.Domain.Instances;

namespace Inventory.Blazor.Api;

public static class InstancesApi
{
    public sealed record CreateInstanceBody(string? Name, Platform? Platform, string? DefaultWarehouse);

    public sealed record PatchInstanceBody(string? Name, Platform? Platform, string? DefaultWarehouse, bool? InventoryCheck, bool? AutoLabel,
        bool? SimulateOrders);

    public static RouteGroupBuilder MapInstancesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instances").WithTags("Instances").AddEndpointFilter<DomainErrorFilter>()
            .RequireAuthorization(Auth.AuthSetup.ApiPolicy);

        group.MapGet("/", async (Actor actor, InstanceService instances, CancellationToken ct) => TypedResults.Ok(await instances.ListAsync(actor, ct)))
            .WithSummary("List the instances with their settings");

        group.MapGet("/{id:int}", async (int id, Actor actor, InstanceService instances, CancellationToken ct) =>
                TypedResults.Ok(await instances.GetAsync(id, actor, ct)))
            .WithSummary("One instance with its settings (Inventory Check, Auto Label)");

        group.MapPost("/", async (CreateInstanceBody body, Actor actor, InstanceService instances, CancellationToken ct) =>
            {
                if (body.Platform is null)
                    throw new ValidationException("platform", $"platform is required: one of {string.Join(", ", Enum.GetNames<Platform>())}.");
                var created = await instances.CreateAsync(new NewInstance(body.Name ?? "", body.Platform.Value, body.DefaultWarehouse ?? ""), actor, ct);
                return TypedResults.Created($"/api/instances/{created.Id}", created);
            })
            .WithSummary("Create an instance (Inventory Check and Auto Label start off)");

        group.MapPatch("/{id:int}", async (int id, PatchInstanceBody body, Actor actor, InstanceService instances, CancellationToken ct) =>
                TypedResults.Ok(await instances.UpdateAsync(id,
                    new InstanceUpdate(body.Name, body.Platform, body.DefaultWarehouse, body.InventoryCheck, body.AutoLabel, body.SimulateOrders),
                    actor, ct)))
            .WithSummary("Change any of name, platform, default warehouse, Inventory Check, Auto Label, simulated orders");

        return group;
    }
}
