using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Inventory.Tests.TestSupport;

/// <summary>
/// A stand-in for Amazon inside the test run (Kestrel on loopback): Login with Amazon's refresh-token
/// grant and the Vendor Direct Fulfillment calls the product makes, answering in the shapes of Amazon's
/// published models (getOrders, submitAcknowledgement, createShippingLabels, getPackingSlip, submitInventoryUpdate). It
/// keeps what it was sent, and can be told to fail the way Amazon does (429 with Retry-After, expired tokens, 503).
/// <para>
/// It holds the product to Amazon's contract, not to itself: every body is checked against Amazon's own
/// model files (<see cref="AmazonModel"/>), and every call must carry the User-Agent the SP-API asks for.
/// A call that breaks either is answered 400 with Amazon's ErrorList and kept in <see cref="ModelViolations"/>;
/// <see cref="DisposeAsync"/> fails the test that made it, so a product that drifts from the model cannot pass
/// quietly on the outbox's retries.
/// </para>
/// </summary>
public sealed class FakeSellingPartnerApi : IAsyncDisposable
{
    public const string ClientId = "amzn1.application-oa2-client.standin";
    public const string ClientSecret = "standin-client-secret-5F2A9C0B7E";
    public const string RefreshToken = "Atzr|standin-refresh-token-8D41E7C2";
    public const string SellingPartyId = "VENDOR1";

    /// <summary>The smallest real PNG (1×1), as Amazon's label content stands in for a 4×6 one.</summary>
    public static readonly byte[] LabelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _validTokens = new();
    private readonly ConcurrentDictionary<string, string> _restrictedTokens = new(); // token → "METHOD path" it allows
    private readonly List<(DateTime AvailableAt, JsonObject Order)> _orders = [];
    private int _tooManyRequests, _unavailable;

    private FakeSellingPartnerApi(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;
    public Uri TokenEndpoint => new(Endpoint, "/auth/o2/token");

    /// <summary>The format createShippingLabels answers in: PNG, or ZPL (then the content is <see cref="LabelZpl"/>).</summary>
    public string LabelFormat { get; set; } = "PNG";

    /// <summary>A small ZPL label, as a thermal printer takes it.</summary>
    public const string LabelZpl = "^XA^FO50,50^A0N,40,40^FDAmazon label^FS^XZ";

    /// <summary>The ZPL of package <paramref name="number"/> when a label has several (package 1's is <see cref="LabelZpl"/>).</summary>
    public static string PackageZpl(int number) => number == 1 ? LabelZpl : $"^XA^FO50,50^A0N,40,40^FDAmazon label box {number}^FS^XZ";

    /// <summary>
    /// How many packages createShippingLabels packs an order into, 1 to 3 (Amazon splits a large order into
    /// boxes): package N has tracking number <c>1ZAMZ{po}</c> (N = 1) or <c>1ZAMZ{po}-N</c>, and ship method <see cref="ShipMethods"/>[N-1].
    /// </summary>
    public int PackagesPerLabel
    {
        get => _packagesPerLabel;
        set => _packagesPerLabel = value is >= 1 and <= 3 ? value : throw new ArgumentOutOfRangeException(nameof(value), "The stand-in makes 1 to 3 packages.");
    }

    private int _packagesPerLabel = 1;

    public static readonly string[] ShipMethods = ["UPS_GR_RES", "UPS_2ND_DAY", "FEDEX_GROUND"];

    /// <summary>The tracking number of package <paramref name="number"/> of the purchase order's label.</summary>
    public static string TrackingNumber(string purchaseOrderNumber, int number) =>
        "1ZAMZ" + purchaseOrderNumber + (number == 1 ? "" : "-" + number.ToString(CultureInfo.InvariantCulture));

    /// <summary>A minimal PDF, as getPackingSlip's content stands in for Amazon's slip.</summary>
    public static readonly byte[] PackingSlipPdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>Off: getPackingSlip answers 404 as Amazon does while a slip is not ready yet.</summary>
    public bool PackingSlipsReady { get; set; } = true;

    /// <summary>The purchase orders whose packing slip was served (getPackingSlip answered 200).</summary>
    public ConcurrentQueue<string> PackingSlipsServed { get; } = new();

    /// <summary>Orders per getOrders page, whatever limit is asked: Amazon may answer with fewer.</summary>
    public int PageSize { get; set; } = 100;

    private int _tokensIssued;

    /// <summary>Access tokens handed out by the refresh-token grant.</summary>
    public int TokensIssued => _tokensIssued;
    public ConcurrentQueue<(string Method, string Path, int Status, string UserAgent)> Requests { get; } = new();

    /// <summary>Each getOrders call: the order status it asked for (NEW, CANCELLED, …) and the HTTP status it got.</summary>
    public ConcurrentQueue<(string OrderStatus, int Status)> Pulls { get; } = new();

    /// <summary>Each call the product made that broke Amazon's contract, in words naming the operation and the field.</summary>
    public ConcurrentQueue<string> ModelViolations { get; } = new();

    /// <summary>
    /// What the SP-API documentation asks of every call, Login with Amazon's and the Tokens API's included:
    /// <c>AppName/AppVersion (Language=LanguageName)</c>; the product names itself Inventory.
    /// </summary>
    public static readonly System.Text.RegularExpressions.Regex UserAgentRule = new(@"^Inventory/\S+ \(Language=C#[;)]");

    public ConcurrentQueue<JsonNode> Acknowledgements { get; } = new();
    public ConcurrentQueue<(string PurchaseOrderNumber, JsonNode Body)> LabelRequests { get; } = new();
    public ConcurrentQueue<(string WarehouseId, JsonNode Body)> InventoryUpdates { get; } = new();

    /// <summary>The submitInvoice bodies Amazon took (Payments API), each followed by a transaction.</summary>
    public ConcurrentQueue<JsonNode> Invoices { get; } = new();

    /// <summary>The transaction ids Amazon gave the inventory updates it took, in order.</summary>
    public ConcurrentQueue<string> InventoryTransactions { get; } = new();

    /// <summary>The tax Amazon puts on each line of the orders added from now on (its taxDetails), or none when null.</summary>
    public string? LineTax { get; set; }

    /// <summary>The submitShipmentConfirmations bodies Amazon took, each followed by a transaction like an acknowledgement's.</summary>
    public ConcurrentQueue<JsonNode> ShipmentConfirmations { get; } = new();

    // Transactions (vendorDirectFulfillmentTransactions_2021-12-28): each acknowledgement's transaction is
    // Processing for as many getTransactionStatus polls as the test set, then Success or Failure. Polls, not time.
    private sealed record TransactionError(string Code, string Message);

    private sealed class Transaction(string purchaseOrderNumber, TransactionError? failure)
    {
        public string PurchaseOrderNumber { get; } = purchaseOrderNumber;
        public int Polls { get; set; }
        public TransactionError? Failure { get; } = failure;
        public string Status { get; set; } = "Processing";
    }

    private readonly ConcurrentDictionary<string, Transaction> _transactions = new();
    private int _processingPolls;
    private TransactionError? _nextFailure;
    private TransactionError? _nextInvoiceFailure;
    private TransactionError? _nextInventoryFailure;

    /// <summary>Polls of getTransactionStatus: (transactionId, status answered).</summary>
    public ConcurrentQueue<(string TransactionId, string Status)> TransactionPolls { get; } = new();

    /// <summary>Transactions still Processing answer so to their first <paramref name="polls"/> polls, then end (0: at the first).</summary>
    public void TransactionsSucceedAfter(int polls) => _processingPolls = polls;

    /// <summary>The next acknowledgement's transaction ends in Failure with this error, as Amazon reports one it cannot process.</summary>
    public void FailNextTransaction(string code, string message) => _nextFailure = new TransactionError(code, message);

    /// <summary>The next invoice's transaction ends in Failure with this error (the messages before it are left alone).</summary>
    public void FailNextInvoice(string code, string message) => _nextInvoiceFailure = new TransactionError(code, message);

    /// <summary>The next inventory update's transaction ends in Failure with this error.</summary>
    public void FailNextInventoryUpdate(string code, string message) => _nextInventoryFailure = new TransactionError(code, message);

    /// <summary>Amazon has processed an acceptance of the purchase order (sent by someone else), so it will make labels for it.</summary>
    public void AcknowledgedElsewhere(string purchaseOrderNumber) =>
        _transactions["elsewhere-" + purchaseOrderNumber] = new Transaction(purchaseOrderNumber, null) { Status = "Success" };

    public static async Task<FakeSellingPartnerApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSellingPartnerApi(app);
        fake.Map(app);
        await app.StartAsync();
        fake.Endpoint = new Uri(app.Urls.First());
        return fake;
    }

    /// <summary>The body of <c>PUT …/marketplace</c> that connects an instance to this stand-in (NA).</summary>
    public object Connection(string? clientSecret = ClientSecret) => new
    {
        kind = "AmazonDirectFulfillment",
        region = "NA",
        endpoint = Endpoint.ToString(),
        tokenEndpoint = TokenEndpoint.ToString(),
        clientId = ClientId,
        clientSecret,
        refreshToken = RefreshToken,
        sellingPartyId = SellingPartyId,
    };

    /// <summary>The next <paramref name="calls"/> API calls answer 429 with Retry-After: 1.</summary>
    public void TooManyRequestsNext(int calls) => Interlocked.Exchange(ref _tooManyRequests, calls);

    /// <summary>The next <paramref name="calls"/> API calls answer 503, as an outage does.</summary>
    public void UnavailableNext(int calls) => Interlocked.Exchange(ref _unavailable, calls);

    /// <summary>Every access token issued so far stops working, as one does when it expires.</summary>
    public void ExpireTokens()
    {
        _validTokens.Clear();
        _restrictedTokens.Clear();
    }

    /// <summary>Restricted Data Tokens handed out by the Tokens API.</summary>
    public int RestrictedTokensIssued => _restrictedTokensIssued;

    private int _restrictedTokensIssued;

    // The operations Amazon lists as restricted (they return customers' personal data): an RDT, not the access token.
    private static bool IsRestricted(HttpRequest request) =>
        (request.Method == "GET" && request.Path.StartsWithSegments("/vendor/directFulfillment/orders/2021-12-28/purchaseOrders"))
        || (request.Method == "POST" && request.Path.StartsWithSegments("/vendor/directFulfillment/shipping/2021-12-28/shippingLabels"))
        || (request.Method == "GET" && request.Path.StartsWithSegments("/vendor/directFulfillment/shipping/2021-12-28/packingSlips"));

    /// <summary>Amazon wants its packing slip in this purchase order's parcel (<c>isPslipRequired</c>), or no longer.</summary>
    public void RequirePackingSlip(string purchaseOrderNumber, bool required = true)
    {
        lock (_orders)
            _orders.Single(o => (string?)o.Order["purchaseOrderNumber"] == purchaseOrderNumber)
                .Order["orderDetails"]!["shipmentDetails"]!["isPslipRequired"] = required;
    }

    /// <summary>A NEW purchase order in the model's shape; <paramref name="items"/> are (vendor SKU, quantity).</summary>
    public JsonObject AddOrder(string purchaseOrderNumber, string shipFrom, params (string Sku, int Quantity)[] items) =>
        AddOrder(purchaseOrderNumber, shipFrom, TimeSpan.Zero, items);

    /// <summary>A NEW purchase order that became available <paramref name="age"/> ago (and was placed an hour before that).</summary>
    public JsonObject AddOrder(string purchaseOrderNumber, string shipFrom, TimeSpan age, params (string Sku, int Quantity)[] items) =>
        AddOrder(purchaseOrderNumber, shipFrom, age, items.Select((item, i) =>
            ((string?)item.Sku, $"B0{i + 1}ASIN{purchaseOrderNumber[^2..]}", item.Quantity)).ToArray());

    /// <summary>
    /// A NEW purchase order whose items name only Amazon's product id: no vendorProductIdentifier, which the model
    /// makes optional (<paramref name="items"/> are (ASIN, quantity)).
    /// </summary>
    public JsonObject AddOrderByAsin(string purchaseOrderNumber, string shipFrom, params (string Asin, int Quantity)[] items) =>
        AddOrder(purchaseOrderNumber, shipFrom, TimeSpan.Zero, items.Select(item => ((string?)null, item.Asin, item.Quantity)).ToArray());

    private JsonObject AddOrder(string purchaseOrderNumber, string shipFrom, TimeSpan age, (string? Sku, string Asin, int Quantity)[] items)
    {
        var orderDate = DateTime.UtcNow.AddHours(-1) - age;
        var order = new JsonObject
        {
            ["purchaseOrderNumber"] = purchaseOrderNumber,
            ["orderDetails"] = new JsonObject
            {
                ["customerOrderNumber"] = "C-" + purchaseOrderNumber,
                ["orderDate"] = orderDate.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["orderStatus"] = "NEW",
                ["shipmentDetails"] = new JsonObject
                {
                    ["isPriorityShipment"] = false,
                    ["isPslipRequired"] = false,
                    ["shipMethod"] = "UPS_GR_RES",
                    ["messageToCustomer"] = "Thank you",
                    ["shipmentDates"] = new JsonObject { ["requiredShipDate"] = orderDate.AddDays(2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) },
                },
                ["sellingParty"] = new JsonObject { ["partyId"] = SellingPartyId },
                ["shipFromParty"] = new JsonObject { ["partyId"] = shipFrom },
                ["shipToParty"] = new JsonObject
                {
                    ["name"] = "A Customer", ["addressLine1"] = "1 Main St", ["city"] = "Seattle", ["stateOrRegion"] = "WA", ["postalCode"] = "98101",
                    ["countryCode"] = "US",
                },
                ["billToParty"] = new JsonObject { ["partyId"] = "BILL1" },
                ["items"] = new JsonArray(items.Select((item, i) => (JsonNode)WithTax(new JsonObject
                {
                    ["itemSequenceNumber"] = (i + 1).ToString(CultureInfo.InvariantCulture),
                    ["buyerProductIdentifier"] = item.Asin,
                    ["vendorProductIdentifier"] = item.Sku,
                    ["title"] = "Item " + (item.Sku ?? item.Asin),
                    ["orderedQuantity"] = new JsonObject { ["amount"] = item.Quantity, ["unitOfMeasure"] = "Each" },
                    ["netPrice"] = new JsonObject { ["currencyCode"] = "USD", ["amount"] = "10.00" },
                })).ToArray()),
            },
        };
        foreach (var item in order["orderDetails"]!["items"]!.AsArray().Select(i => i!.AsObject()))
            if (item["vendorProductIdentifier"] is null)
                item.Remove("vendorProductIdentifier"); // absent, as Amazon leaves it out, not null
        // Kept to the millisecond, as the createdAfter/createdBefore it is compared with are written.
        var now = DateTime.UtcNow - age;
        lock (_orders)
            _orders.Add((now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)), order));
        return order;
    }

    /// <summary>The item with <see cref="LineTax"/> as its taxDetails, when a tax is set.</summary>
    private JsonObject WithTax(JsonObject item)
    {
        if (LineTax is { } tax)
            item["taxDetails"] = new JsonObject
            {
                ["taxLineItem"] = new JsonArray(new JsonObject
                {
                    ["taxAmount"] = new JsonObject { ["currencyCode"] = "USD", ["amount"] = tax }, ["type"] = "TOTAL",
                }),
            };
        return item;
    }

    /// <summary>Amazon cancels the purchase order (the customer did, or it was not shipped in time): it is listed as CANCELLED from now on.</summary>
    public void CancelOrder(string purchaseOrderNumber)
    {
        lock (_orders)
            _orders.Single(o => (string?)o.Order["purchaseOrderNumber"] == purchaseOrderNumber).Order["orderDetails"]!["orderStatus"] = "CANCELLED";
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var userAgent = context.Request.Headers.UserAgent.ToString();
            if (!UserAgentRule.IsMatch(userAgent))
            {
                var message = $"{context.Request.Method} {context.Request.Path}: the User-Agent \"{userAgent}\" is not \"Inventory/<version> (Language=C#)\"";
                ModelViolations.Enqueue(message);
                await Errors(400, "InvalidInput", message).ExecuteAsync(context);
            }
            else
                await next(context);
            Requests.Enqueue((context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode, userAgent));
            if (context.Request.Method == "GET" && context.Request.Path.Value?.EndsWith("/purchaseOrders", StringComparison.Ordinal) == true)
                Pulls.Enqueue((context.Request.Query["status"].ToString(), context.Response.StatusCode));
        });

        app.MapPost("/auth/o2/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "refresh_token" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret
                || form["refresh_token"] != RefreshToken)
                return Results.Json(new { error = "invalid_grant", error_description = "The request has an invalid grant parameter : refresh_token" },
                    statusCode: 400);
            var token = "Atza|standin-access-" + Guid.NewGuid().ToString("N");
            _validTokens[token] = true;
            Interlocked.Increment(ref _tokensIssued);
            return Results.Json(new { access_token = token, refresh_token = RefreshToken, token_type = "bearer", expires_in = 3600 });
        });

        app.MapPost("/tokens/2021-03-01/restrictedDataToken", async (HttpRequest request) =>
        {
            if (!_validTokens.ContainsKey(request.Headers["x-amz-access-token"].ToString()))
                return Errors(403, "Unauthorized", "Access to requested resource is denied.", "The access token you provided has expired.");
            var (body, refused) = await ModelBodyAsync(request, AmazonModel.Tokens, "createRestrictedDataToken");
            if (refused is not null)
                return refused;
            if (body?["restrictedResources"] is not JsonArray { Count: 1 } resources
                || resources[0]?["method"]?.GetValue<string>() is not { } method || resources[0]?["path"]?.GetValue<string>() is not { } path)
                return Errors(400, "InvalidInput", "restrictedResources with one method and path is what this stand-in takes.");
            var token = "Atz.sprdt|standin-" + Guid.NewGuid().ToString("N");
            _restrictedTokens[token] = $"{method} {path}";
            Interlocked.Increment(ref _restrictedTokensIssued);
            return Results.Json(new { restrictedDataToken = token, expiresIn = 3600 });
        });

        var api = app.MapGroup("/vendor/directFulfillment").AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            var presented = request.Headers["x-amz-access-token"].ToString();
            var allowed = IsRestricted(request)
                ? _restrictedTokens.TryGetValue(presented, out var resource) && resource == $"{request.Method} {request.Path}"
                : _validTokens.ContainsKey(presented);
            if (!allowed)
                return Errors(403, "Unauthorized", "Access to requested resource is denied.", "The access token you provided has expired.");
            if (Interlocked.Decrement(ref _tooManyRequests) >= 0)
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return Errors(429, "QuotaExceeded", "You exceeded your quota for the requested resource.");
            }
            Interlocked.CompareExchange(ref _tooManyRequests, 0, -1);
            if (Interlocked.Decrement(ref _unavailable) >= 0)
                return Errors(503, "ServiceUnavailable", "Temporary overloading or maintenance of the server.");
            Interlocked.CompareExchange(ref _unavailable, 0, -1);
            return await next(context);
        });

        api.MapGet("/orders/2021-12-28/purchaseOrders", async (HttpRequest request) =>
        {
            if (await ModelQueryAsync(request, AmazonModel.Orders, "getOrders") is { } refused)
                return refused;
            if (!DateTime.TryParse(request.Query["createdAfter"], null, System.Globalization.DateTimeStyles.RoundtripKind, out var after)
                || !DateTime.TryParse(request.Query["createdBefore"], null, System.Globalization.DateTimeStyles.RoundtripKind, out var before))
                return Errors(400, "InvalidInput", "createdAfter and createdBefore are required.");
            var status = request.Query["status"].ToString();
            List<JsonObject> matching;
            lock (_orders)
                // As Amazon's model says: the orders that became available in the window (not their order date), in the status asked.
                matching = _orders.Where(o => o.AvailableAt >= after.ToUniversalTime() && o.AvailableAt <= before.ToUniversalTime()
                                              && (status.Length == 0 || (string?)o.Order["orderDetails"]!["orderStatus"] == status))
                    .Select(o => o.Order).ToList();
            var start = int.TryParse(request.Query["nextToken"], out var token) ? token : 0;
            var limit = Math.Min(PageSize, int.TryParse(request.Query["limit"], out var l) ? l : 100);
            var page = matching.Skip(start).Take(limit).Select(o => (JsonNode)o.DeepClone()).ToArray();
            var result = new JsonObject { ["orders"] = new JsonArray(page) };
            if (start + limit < matching.Count)
                result["pagination"] = new JsonObject { ["nextToken"] = (start + limit).ToString(CultureInfo.InvariantCulture) };
            return Results.Json(result);
        });

        api.MapPost("/orders/2021-12-28/acknowledgements", async (HttpRequest request) =>
        {
            var (body, refused) = await ModelBodyAsync(request, AmazonModel.Orders, "submitAcknowledgement");
            if (refused is not null)
                return refused;
            if (body?["orderAcknowledgements"] is not JsonArray { Count: > 0 })
                return Errors(400, "InvalidInput", "orderAcknowledgements is required.");
            Acknowledgements.Enqueue(body);
            var transactionId = "ack-" + Guid.NewGuid().ToString("N")[..12];
            _transactions[transactionId] = new Transaction((string?)body["orderAcknowledgements"]![0]!["purchaseOrderNumber"] ?? "",
                Interlocked.Exchange(ref _nextFailure, null));
            return Results.Json(new { transactionId }, statusCode: 202);
        });

        api.MapGet("/transactions/2021-12-28/transactions/{transactionId}", (string transactionId) =>
        {
            if (!_transactions.TryGetValue(transactionId, out var transaction))
                return Errors(404, "NotFound", "The transaction is not found.");
            lock (transaction)
            {
                if (transaction.Status == "Processing" && ++transaction.Polls > Volatile.Read(ref _processingPolls))
                    transaction.Status = transaction.Failure is null ? "Success" : "Failure";
                TransactionPolls.Enqueue((transactionId, transaction.Status));
                var status = new JsonObject { ["transactionId"] = transactionId, ["status"] = transaction.Status };
                if (transaction is { Status: "Failure", Failure: { } failure })
                    status["errors"] = new JsonObject
                    {
                        ["errors"] = new JsonArray(new JsonObject { ["code"] = failure.Code, ["message"] = failure.Message }),
                    };
                return Results.Json(new JsonObject { ["transactionStatus"] = status });
            }
        });

        api.MapPost("/shipping/2021-12-28/shippingLabels/{purchaseOrderNumber}", async (string purchaseOrderNumber, HttpRequest request) =>
        {
            var (body, refused) = await ModelBodyAsync(request, AmazonModel.Shipping, "createShippingLabels");
            if (refused is not null)
                return refused;
            // Amazon makes a label only for an order whose acknowledgement it has processed.
            if (!_transactions.Values.Any(t => t.PurchaseOrderNumber == purchaseOrderNumber && t.Status == "Success"))
                return Errors(400, "InvalidInput", $"Purchase order {purchaseOrderNumber} is not acknowledged.");
            LabelRequests.Enqueue((purchaseOrderNumber, body));
            var zpl = LabelFormat == "ZPL";
            return Results.Json(new JsonObject
            {
                ["purchaseOrderNumber"] = purchaseOrderNumber,
                ["sellingParty"] = body["sellingParty"]!.DeepClone(),
                ["shipFromParty"] = body["shipFromParty"]!.DeepClone(),
                ["labelFormat"] = LabelFormat,
                ["labelData"] = new JsonArray(Enumerable.Range(1, PackagesPerLabel).Select(n => (JsonNode)new JsonObject
                {
                    ["packageIdentifier"] = "PKG-" + n.ToString(CultureInfo.InvariantCulture),
                    ["trackingNumber"] = TrackingNumber(purchaseOrderNumber, n),
                    ["shipMethod"] = ShipMethods[n - 1],
                    ["shipMethodName"] = ShipMethods[n - 1].Replace('_', ' '),
                    ["content"] = Convert.ToBase64String(zpl ? System.Text.Encoding.ASCII.GetBytes(PackageZpl(n)) : LabelPng),
                }).ToArray()),
            });
        });

        api.MapGet("/shipping/2021-12-28/packingSlips/{purchaseOrderNumber}", async (string purchaseOrderNumber) =>
        {
            var violations = (await AmazonModel.LoadAsync(AmazonModel.Shipping)).PathViolations("getPackingSlip", "purchaseOrderNumber", purchaseOrderNumber);
            if (violations.Count > 0)
                return Refused(violations);
            bool required;
            lock (_orders)
                required = _orders.Any(o => (string?)o.Order["purchaseOrderNumber"] == purchaseOrderNumber
                                            && (bool?)o.Order["orderDetails"]!["shipmentDetails"]!["isPslipRequired"] == true);
            // Amazon makes a slip only for an order that asks for one, and only once it has made it.
            if (!required || !PackingSlipsReady)
                return Errors(404, "NotFound", $"No packing slip for purchase order {purchaseOrderNumber}.");
            PackingSlipsServed.Enqueue(purchaseOrderNumber);
            return Results.Json(new JsonObject
            {
                ["purchaseOrderNumber"] = purchaseOrderNumber,
                ["content"] = Convert.ToBase64String(PackingSlipPdf),
                ["contentType"] = "application/pdf",
            });
        });

        api.MapPost("/shipping/2021-12-28/shipmentConfirmations", async (HttpRequest request) =>
        {
            var (body, refused) = await ModelBodyAsync(request, AmazonModel.Shipping, "submitShipmentConfirmations");
            if (refused is not null)
                return refused;
            if (body?["shipmentConfirmations"] is not JsonArray { Count: > 0 })
                return Errors(400, "InvalidInput", "shipmentConfirmations is required.");
            ShipmentConfirmations.Enqueue(body);
            var transactionId = "ship-" + Guid.NewGuid().ToString("N")[..12];
            _transactions[transactionId] = new Transaction((string?)body["shipmentConfirmations"]![0]!["purchaseOrderNumber"] ?? "",
                Interlocked.Exchange(ref _nextFailure, null));
            return Results.Json(new { transactionId }, statusCode: 202);
        });

        api.MapPost("/inventory/v1/warehouses/{warehouseId}/items", async (string warehouseId, HttpRequest request) =>
        {
            var (body, refused) = await ModelBodyAsync(request, AmazonModel.Inventory, "submitInventoryUpdate");
            if (refused is not null)
                return refused;
            if (body?["inventory"]?["items"] is not JsonArray)
                return Errors(400, "InvalidInput", "inventory.items is required.");
            InventoryUpdates.Enqueue((warehouseId, body));
            var transactionId = "inv-" + Guid.NewGuid().ToString("N")[..12];
            _transactions[transactionId] = new Transaction("", Interlocked.Exchange(ref _nextInventoryFailure, null));
            InventoryTransactions.Enqueue(transactionId);
            return Results.Json(new { payload = new { transactionId } }, statusCode: 202);
        });

        api.MapPost("/payments/v1/invoices", async (HttpRequest request) =>
        {
            var (body, refused) = await ModelBodyAsync(request, AmazonModel.Payments, "submitInvoice");
            if (refused is not null)
                return refused;
            if (body?["invoices"] is not JsonArray { Count: > 0 } invoices)
                return Errors(400, "InvalidInput", "invoices is required.");
            Invoices.Enqueue(body);
            var transactionId = "pay-" + Guid.NewGuid().ToString("N")[..12];
            _transactions[transactionId] = new Transaction((string?)invoices[0]!["items"]?[0]?["purchaseOrderNumber"] ?? "",
                Interlocked.Exchange(ref _nextInvoiceFailure, null));
            return Results.Json(new { payload = new { transactionId } }, statusCode: 202);
        });
    }

    /// <summary>
    /// The request's body if it keeps to <paramref name="operationId"/>'s model; otherwise Amazon's answer to a
    /// body that does not (400, ErrorList, code InvalidInput), with the violations kept for the test to fail on.
    /// </summary>
    private async Task<(JsonNode Body, IResult? Refused)> ModelBodyAsync(HttpRequest request, string modelFile, string operationId)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        var violations = (await AmazonModel.LoadAsync(modelFile)).RequestViolations(operationId, text);
        if (violations.Count == 0)
            return (JsonNode.Parse(text)!, null); // the model's schema is an object: JSON null has been refused
        return (null!, Refused(violations));
    }

    /// <summary>Amazon's answer to a query string that breaks <paramref name="operationId"/>'s parameters, or null when it keeps to them.</summary>
    private async Task<IResult?> ModelQueryAsync(HttpRequest request, string modelFile, string operationId)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var violations = (await AmazonModel.LoadAsync(modelFile)).QueryViolations(operationId, query);
        return violations.Count == 0 ? null : Refused(violations);
    }

    private IResult Refused(IReadOnlyList<string> violations)
    {
        foreach (var violation in violations)
            ModelViolations.Enqueue(violation);
        return Results.Json(new
        {
            errors = violations.Select(v => new { code = "InvalidInput", message = v, details = (string?)null }).ToArray(),
        }, statusCode: 400);
    }

    /// <summary>Fails the test at once if the product has broken Amazon's contract in any call so far.</summary>
    public void AssertKeptToTheModel()
    {
        if (!ModelViolations.IsEmpty)
            Assert.Fail("The product broke Amazon's contract:\n" + string.Join("\n", ModelViolations));
    }

    /// <summary>The violations so far, taken away: for a test that breaks the contract on purpose.</summary>
    public IReadOnlyList<string> TakeViolations()
    {
        var taken = new List<string>();
        while (ModelViolations.TryDequeue(out var violation))
            taken.Add(violation);
        return taken;
    }

    private static IResult Errors(int status, string code, string message, string? details = null) =>
        Results.Json(new { errors = new[] { new { code, message, details } } }, statusCode: status);

    /// <summary>Stops the stand-in, then fails the test if any call broke Amazon's contract.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        AssertKeptToTheModel();
    }
}
