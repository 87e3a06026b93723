using System.Text.Json;
using Inventory.Domain.Common;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Inventory.Domain.Stock;

namespace Inventory.Blazor.Api;

public static class OrdersApi
{
    /// <summary>One order's outcome. <c>error</c> is the seller's words ("No inventory", a skip's reason); <c>hold</c> is the typed state.</summary>
    /// <remarks><c>outcome</c> says what this call did: Created, Moved, NoInventory, Duplicate, Conflict, Rejected, ...</remarks>
    public sealed record OrderOutcomeResponse(string OrderNumber, string Status, string? Error, IReadOnlyList<Shortage> Shortages,
        string? Field = null, Hold Hold = Hold.None, IReadOnlyList<NotRestocked>? NotRestocked = null, string? Outcome = null);

    /// <summary>An order in a list: today's fields (<c>error</c>, <c>label</c>) beside the typed ones (<c>hold</c>, <c>trackingNumber</c>).</summary>
    public sealed record OrderResponse(
        long Id, string OrderNumber, string Warehouse, OrderStatus Status, string? Error, Hold Hold, string? HoldDetail,
        IReadOnlyList<Shortage> Shortages, IReadOnlyList<OrderLineView> Lines, string? Label, string? TrackingNumber,
        DateTime OrderedAt, DateTime SyncedAt, DateTime? AcceptedAt, DateTime? LabelledAt, DateTime? ShipBy,
        DateTime? CancelledAt, string? CancelReason, bool ShipBySoon, IReadOnlyList<OrderWarning> Warnings,
        MarketplaceReply? Acknowledgement, string? LabelFormat, string? MarketplaceStatus, string? MarketplaceError, DateTime? ShippedAt,
        IReadOnlyList<LabelResponse> Labels, bool PackingSlipRequired, string? PackingSlip)
    {
        public static OrderResponse Of(int instanceId, OrderView o) => new(o.Id, o.OrderNumber, o.Warehouse, o.Status, Words.Hold(o.Hold, o.HoldDetail),
            o.Hold, o.HoldDetail, o.Shortages, o.Lines, o.TrackingNumber, o.TrackingNumber, o.OrderedAt, o.SyncedAt, o.AcceptedAt,
            o.LabelledAt, o.ShipBy, o.CancelledAt, o.CancelReason, o.ShipBySoon, o.Warnings ?? [], o.Acknowledgement, o.LabelFormat ?? (o.TrackingNumber is null ? null : "PDF"),
            Words.MarketplaceStatus(o.MarketplaceStatus), o.MarketplaceError, o.ShippedAt,
            (o.Packages ?? []).Select(p => new LabelResponse(p.TrackingNumber, p.ShipMethod, p.Format)).ToList(),
            o.PackingSlipRequired, o.PackingSlipFetched ? PackingSlipLink(instanceId, o.OrderNumber) : null);
    }

    /// <summary>One package of an order's label, in the marketplace's order: <c>…/label?package=N</c> prints the N-th (from 1) alone.</summary>
    public sealed record LabelResponse(string TrackingNumber, string? ShipMethod, string Format);

    /// <summary>Where an order's packing slip downloads.</summary>
    public static string PackingSlipLink(int instanceId, string orderNumber) =>
        $"/api/instances/{instanceId}/orders/{Uri.EscapeDataString(orderNumber)}/packing-slip";

    public sealed record BulkResponse(int Moved, int Stopped, IReadOnlyList<OrderOutcomeResponse> Orders);

    public sealed record OrderNumbersBody(IReadOnlyList<string>? OrderNumbers, string? Reason = null, DateTime? ShippedAt = null, string? Weight = null);

    public static RouteGroupBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instances/{id:int}").WithTags("Orders").AddEndpointFilter<DomainErrorFilter>()
            .RequireAuthorization(Auth.AuthSetup.ApiPolicy);

        group.MapPost("/orders", PushAsync)
            .WithSummary("Push orders from an integration (rule 7); idempotent by order number; invalid orders are rejected one by one")
            .Accepts<JsonElement>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/orders", async (int id, string? status, int? page, int? pageSize, Actor actor, OrderQueries orders, CancellationToken ct) =>
            {
                var s = ApiValues.Named<OrderStatus>(status ?? nameof(OrderStatus.New), "status");
                var list = await orders.QueryAsync(id, new OrderQuery(s, page ?? 0, Math.Clamp(pageSize ?? 50, 1, 500)), actor, ct);
                return TypedResults.Ok(new Page<OrderResponse>(list.Items.Select(o => OrderResponse.Of(id, o)).ToList(), list.Total));
            })
            .WithSummary("Orders in one list: status = new | accepted | awaiting | shipped | cancelled");

        group.MapPost("/orders/accept", (int id, OrderNumbersBody body, Actor actor, OrderQueries orders, OrderAcceptance acceptance, CancellationToken ct) =>
                BulkAsync(id, body, actor, orders, (ids) => acceptance.AcceptAsync(id, ids, actor, ct), ct))
            .WithSummary("Accept NEW orders, oldest first (rule 6): how many moved, how many stopped with \"No inventory\"");

        group.MapPost("/orders/label", (int id, OrderNumbersBody body, Actor actor, OrderQueries orders, OrderLabelling labelling, CancellationToken ct) =>
                BulkAsync(id, body, actor, orders, (ids) => labelling.CreateLabelAsync(id, ids, actor, ct), ct))
            .WithSummary("Create labels for Accepted orders, moving them to Awaiting");

        group.MapPost("/orders/ship", (int id, OrderNumbersBody body, Actor actor, OrderQueries orders, OrderShipping shipping, CancellationToken ct) =>
                BulkAsync(id, body, actor, orders, (ids) => shipping.ShipAsync(id, ids, body.ShippedAt, actor,
                    body.Weight is { } weight ? BoxWeight.Parse(weight, "weight") : null, ct), ct))
            .WithSummary("Ship Awaiting orders (shippedAt: when the parcel left, default now): on an Amazon-connected instance the shipment confirmation is sent and the order moves to Shipped once Amazon confirms it; otherwise at once");

        group.MapPost("/orders/cancel", (int id, OrderNumbersBody body, Actor actor, OrderQueries orders, OrderCancellation cancellation, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(body.Reason)
                    ? throw new ValidationException("reason", "Say why the orders are cancelled (reason).")
                    : BulkAsync(id, body, actor, orders, (ids) => cancellation.CancelAsync(id, ids, body.Reason, actor, ct), ct))
            .WithSummary("Cancel orders; what their accept deducted goes back to still-tracked items");

        group.MapPost("/orders/reject", (int id, OrderNumbersBody body, Actor actor, OrderQueries orders, OrderRejection rejection, CancellationToken ct) =>
                BulkAsync(id, body, actor, orders, (ids) => rejection.RejectAsync(id, ids, actor, ct), ct))
            .WithSummary("Reject orders held with \"No inventory\" to Amazon as out of stock, moving them to Cancelled (Amazon-connected instances)");

        group.MapPost("/orders/resend", (int id, OrderNumbersBody body, Actor actor, OrderQueries orders, Inventory.Domain.Marketplace.MessageResend resend, CancellationToken ct) =>
                BulkAsync(id, body, actor, orders, (ids) => resend.ResendAsync(id, ids, actor, ct), ct))
            .WithSummary("Resend to Amazon what it refused about these orders (marketplaceStatus \"refused\"), once the cause is fixed; others are skipped");

        group.MapGet("/orders/{orderNumber}/label", async (int id, string orderNumber, int? package, Actor actor, OrderQueries orders, CancellationToken ct) =>
            {
                var order = await orders.GetAsync(id, orderNumber, actor, ct) ?? throw new NotFoundException($"No order {orderNumber}.");
                var label = await orders.LabelAsync(id, order.Id, actor, package, ct)
                    ?? throw new NotFoundException(package is null || order.TrackingNumber is null
                        ? $"Order {orderNumber} has no label yet."
                        : $"Order {orderNumber}'s label has no package {package}.");
                // A PNG opens in the browser to print; ZPL and PDF download.
                return TypedResults.File(label.Content, label.ContentType, label.ContentType == "image/png" ? null : label.FileName);
            })
            .WithSummary("The label of a labelled order as printed: Amazon's when Amazon made it (every package in one file: ZPL one after " +
                         "another, PNG one PDF page each; package=N for the N-th alone), otherwise the 4×6 PDF");

        group.MapGet("/orders/{orderNumber}/packing-slip", async (int id, string orderNumber, Actor actor, OrderQueries orders,
                OrderPackingSlipDownload slips, CancellationToken ct) =>
            {
                var order = await orders.GetAsync(id, orderNumber, actor, ct) ?? throw new NotFoundException($"No order {orderNumber}.");
                var slip = await slips.PackingSlipAsync(id, order.Id, actor, ct)
                    ?? throw new NotFoundException($"Order {orderNumber} has no packing slip to print.");
                return TypedResults.File(slip.Content, slip.ContentType, slip.FileName);
            })
            .WithSummary("Amazon's packing slip (PDF) of a labelled order that must carry one (packingSlipRequired); fetched from Amazon when it is not kept yet");

        group.MapGet("/orders/{orderNumber}/label.pdf", async (int id, string orderNumber, Actor actor, OrderQueries orders, CancellationToken ct) =>
            {
                var order = await orders.GetAsync(id, orderNumber, actor, ct) ?? throw new NotFoundException($"No order {orderNumber}.");
                var pdf = await orders.LabelPdfAsync(id, order.Id, actor, ct)
                    ?? throw new NotFoundException($"Order {orderNumber} has no label yet.");
                return TypedResults.File(pdf, "application/pdf", $"label-{orderNumber}.pdf");
            })
            .WithSummary("The printable 4×6 label (PDF, Code 128 tracking number) of a labelled order");

        group.MapPost("/sync", async (int id, Actor actor, MarketplaceSync sync, CancellationToken ct) =>
            {
                var result = await sync.SyncNowAsync(id, actor, ct);
                return TypedResults.Ok(ToResponse(result));
            })
            .WithSummary("Sync now: pull new orders from the instance's marketplace source");

        return group;
    }

    private static async Task<IResult> PushAsync(int id, HttpRequest request, Actor actor, OrderIntake intake, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (BadHttpRequestException ex)
        {
            // The server cut the body off (over Api:MaxJsonBodyKb) or the client broke it off.
            return TypedResults.Problem(ex.Message, statusCode: ex.StatusCode, title: "Invalid body");
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem($"The body is not valid JSON: {ex.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Invalid body");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                return TypedResults.Problem("The body must be a JSON array of orders.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid body");
            var parsed = document.RootElement.EnumerateArray().Select(PushedOrder.Parse).ToList();
            var valid = parsed.Where(p => p.Order is not null).Select(p => p.Order!).ToList();
            var synced = (await intake.SyncAsync(id, valid, actor, ct)).Orders;
            var next = 0;
            // One outcome per order, in the order sent: structural rejections in place, the rest from the domain.
            var outcomes = parsed.Select(p => p.Order is null
                ? new OrderOutcomeResponse(p.OrderNumber, "Rejected", p.Error, [], p.Field, Outcome: "Rejected")
                : ToResponse(synced[next++])).ToList();
            return TypedResults.Ok(outcomes);
        }
    }

    private static async Task<IResult> BulkAsync(int id, OrderNumbersBody body, Actor actor, OrderQueries orders,
        Func<IReadOnlyList<long>, Task<BulkOutcome>> run, CancellationToken ct)
    {
        if (body.OrderNumbers is not { Count: > 0 } numbers)
            throw new ValidationException("orderNumbers", "List the orderNumbers to act on.");
        var ids = await orders.IdsOfAsync(id, numbers, actor, ct);
        var result = await run(ids);
        var known = result.Orders.Select(o => o.OrderNumber).ToHashSet();
        var unknown = numbers.Select(n => n.Trim()).Where(n => !known.Contains(n)).Distinct()
            .Select(n => new OrderOutcomeResponse(n, "Rejected", $"No order {n} in this instance.", [], "orderNumbers"));
        return TypedResults.Ok(new BulkResponse(result.Moved, result.Stopped, result.Orders.Select(ToResponse).Concat(unknown).ToList()));
    }

    private static BulkResponse ToResponse(BulkOutcome result) =>
        new(result.Moved, result.Stopped, result.Orders.Select(ToResponse).ToList());

    internal static OrderOutcomeResponse ToResponse(OrderOutcome o) => new(o.OrderNumber,
        o.Kind == OrderOutcomeKind.Rejected ? "Rejected" : o.Status?.ToString() ?? o.Kind.ToString(),
        o.Kind is OrderOutcomeKind.Rejected or OrderOutcomeKind.Skipped or OrderOutcomeKind.Conflict ? o.Message : Words.Hold(o.Hold, o.Message),
        o.Shortages, o.Field, o.Hold, o.NotRestocked.Count > 0 ? o.NotRestocked : null, o.Kind.ToString());

    /// <summary>One element of a push body, read field by field so each problem names its field.</summary>
    private sealed record PushedOrder(string OrderNumber, IncomingOrder? Order, string? Field, string? Error)
    {
        public static PushedOrder Parse(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object)
                return Reject("", "", "Each order must be a JSON object.");
            var number = Text(element, "orderNumber") ?? "";
            if (element.TryGetProperty("lines", out var linesElement) && linesElement.ValueKind != JsonValueKind.Array)
                return Reject(number, "lines", "lines must be an array of { sku, quantity }.");
            var lines = new List<IncomingLine>();
            var index = 0;
            // No "lines" at all reads as no lines: the domain then rejects the order naming the field.
            var sent = linesElement.ValueKind == JsonValueKind.Array ? linesElement.EnumerateArray().ToList() : [];
            foreach (var line in sent)
            {
                if (line.ValueKind != JsonValueKind.Object)
                    return Reject(number, $"lines[{index}]", "Each line must be an object { sku, quantity }.");
                if (!line.TryGetProperty("quantity", out var q) || q.ValueKind != JsonValueKind.Number || !q.TryGetInt32(out var quantity))
                    return Reject(number, $"lines[{index}].quantity", "quantity must be a whole number.");
                lines.Add(new IncomingLine(Text(line, "sku") ?? "", quantity));
                index++;
            }
            if (!TryDate(element, "orderedAt", out var orderedAt) || !TryDate(element, "shipBy", out var shipBy))
                return Reject(number, TryDate(element, "orderedAt", out _) ? "shipBy" : "orderedAt", "Dates must be ISO 8601, e.g. 2026-11-27T10:00:00Z.");
            return new PushedOrder(number, new IncomingOrder(number, Text(element, "warehouse"), orderedAt ?? default, lines, shipBy), null, null);
        }

        private static PushedOrder Reject(string number, string field, string error) => new(number, null, field, error);

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static bool TryDate(JsonElement element, string name, out DateTime? date)
        {
            date = null;
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                return true;
            if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var parsed))
            {
                date = parsed.UtcDateTime;
                return true;
            }
            return false;
        }
    }
}
