using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Marketplace.Amazon;

namespace Inventory.Blazor.Api;

public static class InstancesApi
{
    public sealed record CreateInstanceBody(string? Name, Platform? Platform, string? DefaultWarehouse);

    /// <param name="LowStockThreshold">A whole number sets it, <c>null</c> switches it off, absent leaves it as it is.</param>
    public sealed record PatchInstanceBody(string? Name, Platform? Platform, string? DefaultWarehouse, bool? InventoryCheck, bool? AutoLabel,
        bool? SimulateOrders, System.Text.Json.JsonElement LowStockThreshold, bool? UntrackedCountsAsShort = null,
        bool? InventoryFeed = null, bool? SendInvoices = null, string? InvoicePrefix = null, string? DefaultBoxWeight = null)
    {
        public InstanceUpdate ToUpdate() => new(Name, Platform, DefaultWarehouse, InventoryCheck, AutoLabel, SimulateOrders,
            LowStockThreshold.ValueKind switch
            {
                System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null => null,
                System.Text.Json.JsonValueKind.Number when LowStockThreshold.TryGetInt32(out var t) => t,
                _ => throw new ValidationException("lowStockThreshold",
                    "lowStockThreshold must be a whole number of units, or null to switch low stock off."),
            },
            LowStockOff: LowStockThreshold.ValueKind == System.Text.Json.JsonValueKind.Null,
            UntrackedCountsAsShort: UntrackedCountsAsShort, InventoryFeed: InventoryFeed,
            SendInvoices: SendInvoices, InvoicePrefix: InvoicePrefix, DefaultBoxWeight: DefaultBoxWeight);
    }

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
                TypedResults.Ok(await instances.UpdateAsync(id, body.ToUpdate(), actor, ct)))
            .WithSummary("Change any of name, platform, default warehouse, Inventory Check, Auto Label, simulated orders, " +
                         "lowStockThreshold (null: off), untrackedCountsAsShort, inventoryFeed, sendInvoices, invoicePrefix");

        group.MapGet("/{id:int}/marketplace", async (int id, Actor actor, MarketplaceConnections connections, CancellationToken ct) =>
                await connections.GetAsync(id, actor, ct) is { } connection
                    ? Results.Ok(connection)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not connected",
                        detail: "The instance is not connected to a marketplace."))
            .WithSummary("The instance's marketplace connection, with the client secret and refresh token masked");

        group.MapPut("/{id:int}/marketplace", async (int id, MarketplaceConnectionInput body, Actor actor, MarketplaceConnections connections,
                CancellationToken ct) => TypedResults.Ok(await connections.SaveAsync(id, body, actor, ct)))
            .WithSummary("Connect the instance to Amazon Vendor Direct Fulfillment (Admin): kind, region (NA, EU, FE), clientId, " +
                         "clientSecret, refreshToken, sellingPartyId; endpoint and tokenEndpoint for a sandbox. The secrets are stored encrypted.");

        group.MapDelete("/{id:int}/marketplace", async (int id, Actor actor, MarketplaceConnections connections, CancellationToken ct) =>
                await connections.DisconnectAsync(id, actor, ct) ? Results.NoContent() : Results.NotFound())
            .WithSummary("Disconnect the instance from its marketplace (Admin)");

        group.MapPost("/{id:int}/marketplace/test", async (int id, Actor actor, AmazonConnectionTest test, CancellationToken ct) =>
                TypedResults.Ok(await test.RunAsync(id, actor, ct)))
            .WithSummary("Test connection: fetch a token and make one small getOrders call (Admin)");

        group.MapGet("/{id:int}/invoices", async (int id, Actor actor, InvoiceQueries invoices, CancellationToken ct) =>
                TypedResults.Ok(new InvoicesResponse((await invoices.ListAsync(id, actor, ct)).Select(InvoiceResponse.Of).ToList())))
            .WithSummary("The instance's invoices to Amazon, newest first: number, orderNumber, issuedAt, currency, net, tax, total, " +
                         "status (sent, confirmed, refused) and error");

        group.MapGet("/{id:int}/invoices.csv", async (int id, Actor actor, InvoiceQueries invoices, CancellationToken ct) =>
                TypedResults.File(await invoices.CsvAsync(id, actor, ct), "text/csv", $"invoices-{id}.csv"))
            .WithSummary("The instance's invoices as CSV");

        return group;
    }

    public sealed record InvoiceResponse(string Number, string OrderNumber, DateTime IssuedAt, string Currency, decimal Net, decimal Tax,
        decimal Total, string Status, string? Error)
    {
        public static InvoiceResponse Of(InvoiceView i) => new(i.Number, i.OrderNumber, i.IssuedAt, i.Currency, i.Net, i.Tax, i.Total,
            Words.MarketplaceStatus(i.Status)!, i.Error);
    }

    public sealed record InvoicesResponse(IReadOnlyList<InvoiceResponse> Items);
}
