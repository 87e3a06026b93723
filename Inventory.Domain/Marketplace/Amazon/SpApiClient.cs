using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inventory.Domain.Stock.Feed;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// The Selling Partner API calls this product makes, each a small typed request. Retries, the circuit
/// breaker and timeouts are the resilience handler's (registered with this client); the access token is
/// <see cref="SpApiAuthHandler"/>'s. This class only shapes requests and reads answers.
/// </summary>
public sealed class SpApiClient(IHttpClientFactory http)
{
    /// <summary>The named client carrying the auth and resilience handlers (see DependencyInjection).</summary>
    public const string ClientName = "Amazon.SellingPartnerApi";

    private const string Orders = "vendor/directFulfillment/orders/2021-12-28";
    private const string Shipping = "vendor/directFulfillment/shipping/2021-12-28";
    private const string Transactions = "vendor/directFulfillment/transactions/2021-12-28";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>One page of getOrders: purchase orders in <paramref name="status"/> that became available in the window, with their details.</summary>
    internal Task<OrderList> GetOrdersAsync(MarketplaceCredentials c, DateTime createdAfter, DateTime createdBefore, string? nextToken,
        int limit, CancellationToken ct, string status = "NEW")
    {
        var query = $"createdAfter={Iso(createdAfter)}&createdBefore={Iso(createdBefore)}&status={status}&limit={limit}&includeDetails=true" +
                    (nextToken is null ? "" : "&nextToken=" + Uri.EscapeDataString(nextToken));
        return SendAsync<OrderList>(c, HttpMethod.Get, $"{Orders}/purchaseOrders?{query}", null, ct, restricted: true);
    }

    /// <summary>submitAcknowledgement with a body queued earlier; the transaction id Amazon gives it.</summary>
    internal async Task<string> SubmitAcknowledgementAsync(MarketplaceCredentials c, string body, CancellationToken ct) =>
        (await SendAsync<TransactionReference>(c, HttpMethod.Post, $"{Orders}/acknowledgements", body, ct)).TransactionId
        ?? throw new MarketplaceException("Amazon took the acknowledgement but gave no transaction id.");

    /// <summary>submitShipmentConfirmations with a body queued earlier; the transaction id Amazon gives it.</summary>
    internal async Task<string> SubmitShipmentConfirmationsAsync(MarketplaceCredentials c, string body, CancellationToken ct) =>
        (await SendAsync<TransactionReference>(c, HttpMethod.Post, $"{Shipping}/shipmentConfirmations", body, ct)).TransactionId
        ?? throw new MarketplaceException("Amazon took the shipment confirmation but gave no transaction id.");

    /// <summary>submitInvoice (Payments API) with a body queued earlier; the transaction id Amazon gives it.</summary>
    internal async Task<string> SubmitInvoiceAsync(MarketplaceCredentials c, string body, CancellationToken ct) =>
        (await SendAsync<SubmitInvoiceResponse>(c, HttpMethod.Post, "vendor/directFulfillment/payments/v1/invoices", body, ct)).Payload?.TransactionId
        ?? throw new MarketplaceException("Amazon took the invoice but gave no transaction id.");

    /// <summary>getTransactionStatus: how Amazon's processing of a message it took (202) went.</summary>
    internal async Task<Transaction> GetTransactionStatusAsync(MarketplaceCredentials c, string transactionId, CancellationToken ct) =>
        (await SendAsync<TransactionStatusAnswer>(c, HttpMethod.Get, $"{Transactions}/transactions/{Uri.EscapeDataString(transactionId)}", null, ct))
        .TransactionStatus ?? throw new MarketplaceException("Amazon answered getTransactionStatus without the transaction its model describes.");

    internal Task<ShippingLabelAnswer> CreateShippingLabelsAsync(MarketplaceCredentials c, string purchaseOrderNumber,
        CreateShippingLabelsRequest request, CancellationToken ct) =>
        SendAsync<ShippingLabelAnswer>(c, HttpMethod.Post, $"{Shipping}/shippingLabels/{Uri.EscapeDataString(purchaseOrderNumber)}",
            JsonSerializer.Serialize(request, Json), ct, restricted: true);

    /// <summary>getPackingSlip: a restricted operation, as it shows the customer's address.</summary>
    internal Task<PackingSlip> GetPackingSlipAsync(MarketplaceCredentials c, string purchaseOrderNumber, CancellationToken ct) =>
        SendAsync<PackingSlip>(c, HttpMethod.Get, $"{Shipping}/packingSlips/{Uri.EscapeDataString(purchaseOrderNumber)}", null, ct, restricted: true);

    internal async Task<string?> SubmitInventoryUpdateAsync(MarketplaceCredentials c, string warehouseId, SubmitInventoryUpdateRequest request,
        CancellationToken ct) =>
        (await SendAsync<SubmitInventoryUpdateResponse>(c, HttpMethod.Post,
            $"vendor/directFulfillment/inventory/v1/warehouses/{Uri.EscapeDataString(warehouseId)}/items",
            JsonSerializer.Serialize(request, Json), ct)).Payload?.TransactionId;

    /// <param name="restricted">The operation returns customers' personal data: it takes a Restricted Data Token, not the access token.</param>
    private async Task<T> SendAsync<T>(MarketplaceCredentials c, HttpMethod method, string path, string? body, CancellationToken ct,
        bool restricted = false) where T : class
    {
        using var request = new HttpRequestMessage(method, c.Api(path));
        request.Options.Set(SpApiAuthHandler.Credentials, c);
        if (restricted)
            request.Options.Set(SpApiAuthHandler.Restricted, true);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.CreateClient(ClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw await FailureAsync(response, ct);
        return await ReadJsonAsync<T>(response, ct)
               ?? throw new MarketplaceException($"Amazon answered {(int)response.StatusCode} without the body its model describes.");
    }

    /// <summary>
    /// Amazon's refusal: its documented ErrorList (code, message, details) when the answer has one, else the
    /// status in the product's words. Nothing else of the answer is repeated: not its reason phrase, not an
    /// error page, not a proxy's text about the network behind it.
    /// </summary>
    internal static async Task<MarketplaceException> FailureAsync(HttpResponseMessage response, CancellationToken ct, string? context = null)
    {
        var errors = await ReadJsonAsync<ErrorList>(response, ct);
        var what = Describe(errors) is { } listed ? ": " + listed : StatusWords(response.StatusCode);
        return new MarketplaceException($"{(context is null ? "" : context + ": ")}Amazon answered {(int)response.StatusCode}{what}",
            (int)response.StatusCode);
    }

    /// <summary>Amazon's ErrorList as it may be shown (code: message (details); at most three), or null when it lists none.</summary>
    internal static string? Describe(ErrorList? errors) => errors?.Errors is { Count: > 0 } list
        ? string.Join("; ", list.Take(3).Select(e => Plain($"{e.Code}: {e.Message}{(string.IsNullOrEmpty(e.Details) ? "" : $" ({e.Details})")}")))
        : null;

    /// <summary>A status without Amazon's error body, said in the product's words.</summary>
    internal static string StatusWords(HttpStatusCode status) => (int)status switch
    {
        >= 300 and < 400 => ", a redirect, which is never followed",
        401 or 403 => ": access denied",
        404 => ": not found",
        429 => ": too many requests",
        >= 500 => ": a server error",
        _ => "",
    };

    /// <summary>Text from Amazon's answer as it may be shown: one line, no control or format characters, at most 300 characters.</summary>
    internal static string Plain(string text)
    {
        var plain = new string(text.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format).ToArray());
        return plain.Length > 300 ? plain[..300] + "…" : plain;
    }

    /// <summary>The body as <typeparamref name="T"/>, or null when it is not that JSON (an error page, a proxy's answer).</summary>
    internal static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct) where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Iso(DateTime at) => Uri.EscapeDataString(at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}

/// <summary>
/// Puts Amazon's access token on every call (<c>x-amz-access-token</c>). When Amazon refuses it (401 or
/// 403, e.g. it expired early or was revoked) the token is dropped and the call made once more with a
/// fresh one; a second refusal is the answer.
/// </summary>
public sealed class SpApiAuthHandler(LwaTokens tokens) : DelegatingHandler
{
    private const string Header = "x-amz-access-token";

    internal static readonly HttpRequestOptionsKey<MarketplaceCredentials> Credentials = new("Inventory.MarketplaceCredentials");

    /// <summary>The call is a restricted operation: it carries a Restricted Data Token for its method and path.</summary>
    internal static readonly HttpRequestOptionsKey<bool> Restricted = new("Inventory.RestrictedOperation");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Credentials, out var credentials))
            throw new InvalidOperationException("A Selling Partner API call needs the connection's credentials on the request.");
        var token = await SetTokenAsync(request, credentials, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
            return response;
        response.Dispose();
        tokens.Invalidate(credentials, token);
        await SetTokenAsync(request, credentials, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> SetTokenAsync(HttpRequestMessage request, MarketplaceCredentials credentials, CancellationToken ct)
    {
        var token = request.Options.TryGetValue(Restricted, out var restricted) && restricted
            ? await tokens.GetRestrictedAsync(credentials, request.Method, request.RequestUri!.AbsolutePath, ct)
            : await tokens.GetAsync(credentials, ct);
        request.Headers.Remove(Header);
        request.Headers.TryAddWithoutValidation(Header, token);
        return token;
    }
}
