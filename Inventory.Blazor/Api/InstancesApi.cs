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
        var group = app.MapGroup("/api/instances").WithTags("Instances").AddEndpointFilter<DomainErrorFilter>();

        group.MapGet("/", async (InstanceService instances, CancellationToken ct) => TypedResults.Ok(await instances.ListAsync(ct)))
            .WithSummary("List the instances with their settings");

        group.MapGet("/{id:int}", async (int id, InstanceService instances, CancellationToken ct) =>
                TypedResults.Ok(await instances.GetAsync(id, ct)))
            .WithSummary("One instance with its settings (Inventory Check, Auto Label)");

        group.MapPost("/", async (CreateInstanceBody body, InstanceService instances, CancellationToken ct) =>
            {
                if (body.Platform is null)
                    throw new ValidationException("platform", $"platform is required: one of {string.Join(", ", Enum.GetNames<Platform>())}.");
                var created = await instances.CreateAsync(new NewInstance(body.Name ?? "", body.Platform.Value, body.DefaultWarehouse ?? ""), Actor.LocalUser, ct);
                return TypedResults.Created($"/api/instances/{created.Id}", created);
            })
            .WithSummary("Create an instance (Inventory Check and Auto Label start off)");

        group.MapPatch("/{id:int}", async (int id, PatchInstanceBody body, InstanceService instances, CancellationToken ct) =>
                TypedResults.Ok(await instances.UpdateAsync(id,
                    new InstanceUpdate(body.Name, body.Platform, body.DefaultWarehouse, body.InventoryCheck, body.AutoLabel, body.SimulateOrders),
                    Actor.LocalUser, ct)))
            .WithSummary("Change any of name, platform, default warehouse, Inventory Check, Auto Label, simulated orders");

        return group;
    }
}
