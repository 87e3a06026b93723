using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inventory.Domain.Accounts;
using Inventory.Domain.Persistence;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inventory.Tests.Api;

/// <summary>The app with Amazon's calls paced for a test: no background sync (Sync now only), quick retries and outbox, every log line kept.</summary>
public sealed class AmazonAppFactory : AppFactory
{
    public LogCapture Logs { get; } = new();

    public AmazonAppFactory()
    {
        Settings["Sync:Background"] = "false";
        Settings["Amazon:RetryDelaySeconds"] = "0.05";
        Settings["Amazon:OutboxPollSeconds"] = "0.2";
        Settings["Amazon:OutboxRetrySeconds"] = "0.2";
        Settings["Amazon:OutboxMaxBackoffSeconds"] = "0.5";
        Settings["Feed:DebounceSeconds"] = "0.1";
        Settings["Feed:MaxDelaySeconds"] = "0.5";
        Settings["Feed:RetrySeconds"] = "0.2";
        Settings["Logging:LogLevel:Default"] = "Trace";
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

/// <summary>
/// Issue 15 over HTTP, against a stand-in Selling Partner API: connecting an instance, orders in by
/// getOrders, acknowledgements out through the outbox, Reject, Amazon's labels, the inventory feed, and
/// credentials that never leave the server.
/// </summary>
public sealed class AmazonConnectionApiTests(AmazonAppFactory app) : AmazonApiTests(app)
{
    private const string Stock = "SKU,Warehouse,Quantity\nWIDGET-1,LAX1,10\nGADGET-1,LAX1,5\n";

    private object Connection(string? clientSecret = FakeSellingPartnerApi.ClientSecret) => Amazon.Connection(clientSecret);

    /// <summary>The order once Amazon has confirmed its acknowledgement (sent by the outbox after the accept, then followed to Success).</summary>
    private Task<JsonElement> AcknowledgedAsync(int id, string status, string number) =>
        Poll.UntilAsync(() => OrderAsync(id, status, number), o => MarketplaceStatus(o) == "confirmed");

    [Fact]
    public async Task Connecting_KeepsTheSecretsEncrypted_AndShowsThemOnlyMasked_ToAnAdminOfTheAccount()
    {
        var id = await StoreAsync(Stock);
        var missing = await Admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", new { region = "NA", clientId = "x", sellingPartyId = "V" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("clientSecret", await missing.Content.ReadAsStringAsync());
        var plainHttp = await Admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", new
        {
            region = "EU", endpoint = "http://sellingpartnerapi.example.com", clientId = "x", clientSecret = "s", refreshToken = "r", sellingPartyId = "V",
        });
        Assert.Equal(HttpStatusCode.BadRequest, plainHttp.StatusCode);
        Assert.Contains("endpoint", await plainHttp.Content.ReadAsStringAsync());

        var saved = await Admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", Connection());
        var shown = await Admin.GetStringAsync($"/api/instances/{id}/marketplace");
        foreach (var answer in new[] { await saved.Content.ReadAsStringAsync(), shown })
        {
            Assert.DoesNotContain(FakeSellingPartnerApi.ClientSecret, answer);
            Assert.DoesNotContain(FakeSellingPartnerApi.RefreshToken, answer);
            Assert.Contains("••••", answer);
            Assert.Contains(FakeSellingPartnerApi.SellingPartyId, answer);
        }
        Assert.True((await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("marketplaceConnected").GetBoolean());

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<InventoryDbContext>>().CreateDbContextAsync();
            var row = await db.MarketplaceConnections.SingleAsync(c => c.InstanceId == id);
            Assert.DoesNotContain(FakeSellingPartnerApi.ClientSecret, row.ProtectedClientSecret);
            Assert.DoesNotContain(FakeSellingPartnerApi.RefreshToken, row.ProtectedRefreshToken);
        }

        // Saving again without the secrets keeps them: Test connection still gets a token.
        var kept = await Admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", new
        {
            region = "NA", endpoint = Amazon.Endpoint.ToString(), tokenEndpoint = Amazon.TokenEndpoint.ToString(),
            clientId = FakeSellingPartnerApi.ClientId, sellingPartyId = FakeSellingPartnerApi.SellingPartyId,
        });
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        var test = await (await Admin.PostAsync($"/api/instances/{id}/marketplace/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(test.GetProperty("ok").GetBoolean(), test.ToString());

        var (_, operatorToken) = await App.UserAsync(Role.Operator);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.ClientWith(operatorToken).PutAsJsonAsync($"/api/instances/{id}/marketplace", Connection())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.ClientWith(operatorToken).PostAsync($"/api/instances/{id}/marketplace/test", null)).StatusCode);
        var (_, otherToken) = await App.OtherAccountAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await App.ClientWith(otherToken).GetAsync($"/api/instances/{id}/marketplace")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.ClientWith(otherToken).DeleteAsync($"/api/instances/{id}/marketplace")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/instances/{id}/marketplace")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/instances/{id}/marketplace")).StatusCode);
    }

    [Fact]
    public async Task TestConnection_SaysWhatLoginWithAmazonAnswered_WhenTheSecretIsWrong()
    {
        var id = await StoreAsync(Stock);
        await Admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", Connection(clientSecret: "not-the-secret-at-all"));
        var test = await (await Admin.PostAsync($"/api/instances/{id}/marketplace/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(test.GetProperty("ok").GetBoolean());
        Assert.Contains("invalid_grant", test.GetProperty("message").GetString());
    }

    [Fact]
    public async Task SyncNow_PagesThroughGetOrders_AndBringsInEveryPurchaseOrderOfEveryPage()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.PageSize = 2;
        for (var n = 1; n <= 5; n++)
            Amazon.AddOrder($"PO-PAGE-{n}", "LAX1", ("WIDGET-1", 1), ("GADGET-1", n));

        var result = await SyncAsync(id);

        Assert.Equal(5, result.GetProperty("orders").GetArrayLength());
        var pages = Amazon.Pulls.Where(p => p.OrderStatus == "NEW").ToList();
        Assert.Equal(3, pages.Count);
        Assert.Equal(1, Amazon.RestrictedTokensIssued); // getOrders is restricted: one Restricted Data Token serves the three pages
        var order = await OrderAsync(id, "new", "PO-PAGE-4");
        Assert.Equal("LAX1", order.GetProperty("warehouse").GetString());
        Assert.Equal(["WIDGET-1 × 1", "GADGET-1 × 4"],
            order.GetProperty("lines").EnumerateArray().Select(l => $"{l.GetProperty("sku").GetString()} × {l.GetProperty("quantity").GetInt32()}"));
        Assert.NotEqual(JsonValueKind.Null, order.GetProperty("shipBy").ValueKind);

        // Idempotent: the overlap brings the same orders again, and nothing is added twice.
        var again = await SyncAsync(id);
        Assert.All(again.GetProperty("orders").EnumerateArray(), o => Assert.Equal("Duplicate", o.GetProperty("outcome").GetString()));
        Assert.Equal(5, (await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=new")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AMalformedPurchaseOrder_IsRefusedWithItsReason_AndTheOthersComeIn()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("PO-GOOD-1", "LAX1", ("WIDGET-1", 1));
        var noSku = Amazon.AddOrder("PO-BAD-SKU", "LAX1", ("WIDGET-1", 1));
        // Neither the vendor's id nor the ASIN: nothing to match the line by (an ASIN alone is matched through the item map).
        noSku["orderDetails"]!["items"]![0]!.AsObject().Remove("vendorProductIdentifier");
        noSku["orderDetails"]!["items"]![0]!.AsObject().Remove("buyerProductIdentifier");
        var noQuantity = Amazon.AddOrder("PO-BAD-QTY", "LAX1", ("WIDGET-1", 1));
        noQuantity["orderDetails"]!["items"]![0]!.AsObject().Remove("orderedQuantity");
        Amazon.AddOrder("PO-GOOD-2", "LAX1", ("GADGET-1", 2));

        var outcomes = (await SyncAsync(id)).GetProperty("orders").EnumerateArray()
            .ToDictionary(o => o.GetProperty("orderNumber").GetString()!);

        Assert.Equal("Created", outcomes["PO-GOOD-1"].GetProperty("outcome").GetString());
        Assert.Equal("Created", outcomes["PO-GOOD-2"].GetProperty("outcome").GetString());
        Assert.Equal("Rejected", outcomes["PO-BAD-SKU"].GetProperty("outcome").GetString());
        Assert.Contains("SKU is empty", outcomes["PO-BAD-SKU"].GetProperty("error").GetString());
        Assert.Equal("Rejected", outcomes["PO-BAD-QTY"].GetProperty("outcome").GetString());
        Assert.Contains("at least 1", outcomes["PO-BAD-QTY"].GetProperty("error").GetString());
        Assert.Equal(2, (await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=new")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A429_IsRetriedAfterItsRetryAfter_AndTheSyncSucceeds()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("PO-QUOTA-1", "LAX1", ("WIDGET-1", 1));
        Amazon.TooManyRequestsNext(1);

        var result = await SyncAsync(id);

        Assert.Equal("Created", result.GetProperty("orders")[0].GetProperty("outcome").GetString());
        var statuses = Amazon.Pulls.Where(p => p.OrderStatus == "NEW").Select(p => p.Status).ToList();
        Assert.Equal([429, 200], statuses);
    }

    [Fact]
    public async Task TheAccessToken_IsCachedAcrossCalls_AndRefreshedOnceWhenAmazonRefusesIt()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("PO-TOKEN-1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        await SyncAsync(id);
        Assert.Equal(1, Amazon.TokensIssued);

        Amazon.ExpireTokens();
        Amazon.AddOrder("PO-TOKEN-2", "LAX1", ("WIDGET-1", 1));
        var result = await SyncAsync(id);

        Assert.Contains(result.GetProperty("orders").EnumerateArray(), o => o.GetProperty("orderNumber").GetString() == "PO-TOKEN-2");
        Assert.Equal(2, Amazon.TokensIssued);
        Assert.Contains(Amazon.Requests, r => r.Status == 403);
    }

    [Fact]
    public async Task Accept_IsAcknowledgedToAmazon_WithEveryItem_AndTheOrderShowsTheTransaction()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("PO-ACK-1", "LAX1", ("WIDGET-1", 2), ("GADGET-1", 1));
        await SyncAsync(id);

        Assert.Equal(1, (await BulkAsync(id, "accept", "PO-ACK-1")).GetProperty("moved").GetInt32());

        var order = await AcknowledgedAsync(id, "accepted", "PO-ACK-1");
        Assert.StartsWith("ack-", order.GetProperty("acknowledgement").GetProperty("transactionId").GetString());
        var sent = Assert.Single(Amazon.Acknowledgements)["orderAcknowledgements"]![0]!;
        Assert.Equal("PO-ACK-1", (string?)sent["purchaseOrderNumber"]);
        Assert.Equal("00", (string?)sent["acknowledgementStatus"]!["code"]);
        Assert.Equal(FakeSellingPartnerApi.SellingPartyId, (string?)sent["sellingParty"]!["partyId"]);
        Assert.Equal("LAX1", (string?)sent["shipFromParty"]!["partyId"]);
        var items = sent["itemAcknowledgements"]!.AsArray().Select(i => (
            (string?)i!["itemSequenceNumber"], (string?)i["vendorProductIdentifier"], (string?)i["buyerProductIdentifier"],
            (int)i["acknowledgedQuantity"]!["amount"]!)).ToList();
        Assert.Equal([("1", "WIDGET-1", "B01ASIN-1", 2), ("2", "GADGET-1", "B02ASIN-1", 1)], items);
    }

    [Fact]
    public async Task Reject_TellsAmazonOutOfStock_ForAHeldOrderOnly_AndCancelsIt()
    {
        var id = await ConnectedStoreAsync(Stock, inventoryCheck: true);
        Amazon.AddOrder("PO-SHORT-1", "LAX1", ("WIDGET-1", 50), ("GADGET-1", 1));
        Amazon.AddOrder("PO-FINE-1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        await BulkAsync(id, "accept", "PO-SHORT-1");
        Assert.Equal("NoInventory", (await OrderAsync(id, "new", "PO-SHORT-1")).GetProperty("hold").GetString());

        var (_, viewerToken) = await App.UserAsync(Role.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await App.ClientWith(viewerToken).PostAsJsonAsync($"/api/instances/{id}/orders/reject", new { orderNumbers = new[] { "PO-SHORT-1" } })).StatusCode);
        var result = await BulkAsync(id, "reject", "PO-SHORT-1", "PO-FINE-1");

        var outcomes = result.GetProperty("orders").EnumerateArray().ToDictionary(o => o.GetProperty("orderNumber").GetString()!);
        Assert.Equal("Cancelled", outcomes["PO-SHORT-1"].GetProperty("status").GetString());
        Assert.Equal("Skipped", outcomes["PO-FINE-1"].GetProperty("outcome").GetString());
        var cancelled = await OrderAsync(id, "cancelled", "PO-SHORT-1");
        Assert.Contains("out of stock (WIDGET-1)", cancelled.GetProperty("cancelReason").GetString());
        await Poll.UntilAsync(() =>
        {
            Amazon.AssertKeptToTheModel(); // a refused body would otherwise only be retried
            return Amazon.Acknowledgements.Count == 1;
        });
        var sent = Amazon.Acknowledgements.Single()["orderAcknowledgements"]![0]!;
        Assert.Equal("03", (string?)sent["acknowledgementStatus"]!["code"]);
        // Every item, with the quantity the rejection applies to: the model says an acknowledged quantity is never zero.
        var items = sent["itemAcknowledgements"]!.AsArray()
            .Select(i => ((string?)i!["vendorProductIdentifier"], (int)i["acknowledgedQuantity"]!["amount"]!)).ToList();
        Assert.Equal([("WIDGET-1", 50), ("GADGET-1", 1)], items);
    }

    [Fact]
    public async Task CreateLabel_AsksAmazon_AndTheLabelDownloadServesAmazonsPng()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("PO-LABEL-1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        await BulkAsync(id, "accept", "PO-LABEL-1");
        await AcknowledgedAsync(id, "accepted", "PO-LABEL-1");

        Assert.Equal(1, (await BulkAsync(id, "label", "PO-LABEL-1")).GetProperty("moved").GetInt32());

        var order = await OrderAsync(id, "awaiting", "PO-LABEL-1");
        Assert.Equal("1ZAMZPO-LABEL-1", order.GetProperty("trackingNumber").GetString());
        Assert.Equal("PNG", order.GetProperty("labelFormat").GetString());
        var (number, body) = Assert.Single(Amazon.LabelRequests);
        Assert.Equal("PO-LABEL-1", number);
        Assert.Equal(FakeSellingPartnerApi.SellingPartyId, (string?)body["sellingParty"]!["partyId"]);
        Assert.Equal("LAX1", (string?)body["shipFromParty"]!["partyId"]);
        var label = await Admin.GetAsync($"/api/instances/{id}/orders/PO-LABEL-1/label");
        Assert.Equal("image/png", label.Content.Headers.ContentType?.MediaType);
        Assert.Equal(FakeSellingPartnerApi.LabelPng, await label.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task CreateLabel_BeforeAmazonHasTheAcknowledgement_SaysSo_AndWorksOnceItHas()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("PO-EARLY-1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        Amazon.UnavailableNext(4); // the first send and the resilience handler's three retries
        await BulkAsync(id, "accept", "PO-EARLY-1");
        await Poll.UntilAsync(() => OrderAsync(id, "accepted", "PO-EARLY-1"),
            o => o.GetProperty("acknowledgement") is { ValueKind: JsonValueKind.Object } a && a.GetProperty("attempts").GetInt32() >= 1
                 && !a.GetProperty("sent").GetBoolean());
        var early = (await BulkAsync(id, "label", "PO-EARLY-1")).GetProperty("orders")[0];

        Assert.Equal("Failed", early.GetProperty("outcome").GetString());
        Assert.Contains("waiting for Amazon to confirm the acknowledgement", early.GetProperty("error").GetString());
        Assert.Empty(Amazon.LabelRequests);

        await AcknowledgedAsync(id, "accepted", "PO-EARLY-1"); // the outbox's next attempt
        Assert.Equal(1, (await BulkAsync(id, "label", "PO-EARLY-1")).GetProperty("moved").GetInt32());
    }

    [Fact]
    public async Task AutoLabel_OnAConnectedInstance_AcknowledgesFirst_ThenLabelsWithAmazonsLabel()
    {
        var id = await ConnectedStoreAsync(Stock);
        await Admin.PatchAsJsonAsync($"/api/instances/{id}", new { autoLabel = true });
        Amazon.AddOrder("PO-AUTO-1", "LAX1", ("WIDGET-1", 2));

        var synced = (await SyncAsync(id)).GetProperty("orders")[0];

        Assert.Equal("Accepted", synced.GetProperty("status").GetString()); // not labelled before Amazon has the acknowledgement
        var order = await Poll.UntilAsync(async () =>
            (await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=awaiting")).GetProperty("items"),
            items => items.GetArrayLength() == 1);
        Assert.Equal("1ZAMZPO-AUTO-1", order[0].GetProperty("trackingNumber").GetString());
        var calls = Amazon.Requests.Where(r => r.Method == "POST" && r.Path.Contains("directFulfillment", StringComparison.Ordinal))
            .Select(r => r.Path.Contains("acknowledgements", StringComparison.Ordinal) ? "ack" : "label").ToList();
        Assert.Equal(["ack", "label"], calls);
        Assert.Equal(8, await StockOfWidgetAsync(id)); // deducted once, on the accept
    }

    [Fact]
    public async Task AnAcknowledgementAmazonRefuses_ShowsOnTheOrderWithAmazonsError_AndIsResentAfterAFix()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("PO-REFUSED-1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        Amazon.TransactionsSucceedAfter(1);
        Amazon.FailNextTransaction("InvalidInput", "shipFromParty LAX1 is not set up for this vendor");

        await BulkAsync(id, "accept", "PO-REFUSED-1");

        var refused = await Poll.UntilAsync(() => OrderAsync(id, "accepted", "PO-REFUSED-1"), o => MarketplaceStatus(o) == "refused");
        Assert.Contains("InvalidInput: shipFromParty LAX1 is not set up for this vendor", refused.GetProperty("marketplaceError").GetString());
        Assert.Equal(["Processing", "Failure"], Amazon.TransactionPolls.Select(p => p.Status));
        await Task.Delay(600); // a refusal is final: Amazon is not asked again, nor sent it again, until someone resends
        Assert.Equal(2, Amazon.TransactionPolls.Count);
        Assert.Single(Amazon.Acknowledgements);

        var (_, viewerToken) = await App.UserAsync(Role.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.ClientWith(viewerToken)
            .PostAsJsonAsync($"/api/instances/{id}/orders/resend", new { orderNumbers = new[] { "PO-REFUSED-1" } })).StatusCode);
        var (_, operatorToken) = await App.UserAsync(Role.Operator);
        var resent = await App.ClientWith(operatorToken).PostAsJsonAsync($"/api/instances/{id}/orders/resend", new { orderNumbers = new[] { "PO-REFUSED-1" } });
        Assert.Equal(1, (await resent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("moved").GetInt32());

        var confirmed = await AcknowledgedAsync(id, "accepted", "PO-REFUSED-1");
        Assert.Equal(JsonValueKind.Null, confirmed.GetProperty("marketplaceError").ValueKind);
        Assert.Equal(2, Amazon.Acknowledgements.Count);
        var again = (await BulkAsync(id, "resend", "PO-REFUSED-1")).GetProperty("orders")[0];
        Assert.Equal("Skipped", again.GetProperty("outcome").GetString()); // only a refused message is resent
    }

    [Fact]
    public async Task Ship_OnAConnectedInstance_SendsAShipmentConfirmation_AndTheOrderIsShippedOnceAmazonConfirmsIt()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("POSHIP1", "LAX1", ("WIDGET-1", 2), ("GADGET-1", 1));
        await SyncAsync(id);
        await BulkAsync(id, "accept", "POSHIP1");
        await AcknowledgedAsync(id, "accepted", "POSHIP1");
        await BulkAsync(id, "label", "POSHIP1");
        Amazon.TransactionsSucceedAfter(1);
        var shippedAt = DateTime.UtcNow.AddMinutes(-5);

        var response = await Admin.PostAsJsonAsync($"/api/instances/{id}/orders/ship", new { orderNumbers = new[] { "POSHIP1" }, shippedAt, weight = "2.5 kg" });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var waiting = await Poll.UntilAsync(() => OrderAsync(id, "awaiting", "POSHIP1"),
            o => o.GetProperty("acknowledgement") is { ValueKind: JsonValueKind.Object } a && a.GetProperty("sent").GetBoolean());
        Assert.Equal("sent", MarketplaceStatus(waiting)); // in Awaiting until Amazon's transaction ends in Success
        var shipped = await Poll.UntilAsync(async () =>
            (await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=shipped")).GetProperty("items"),
            items => items.GetArrayLength() == 1);
        Assert.Equal("confirmed", MarketplaceStatus(shipped[0]));
        Assert.Equal(shippedAt, shipped[0].GetProperty("shippedAt").GetDateTime(), TimeSpan.FromSeconds(1));
        Amazon.AssertKeptToTheModel();
        var confirmation = Assert.Single(Amazon.ShipmentConfirmations)["shipmentConfirmations"]![0]!;
        Assert.Equal("POSHIP1", (string?)confirmation["purchaseOrderNumber"]);
        Assert.Equal("SHIPPED", (string?)confirmation["shipmentDetails"]!["shipmentStatus"]);
        Assert.Equal(FakeSellingPartnerApi.SellingPartyId, (string?)confirmation["sellingParty"]!["partyId"]);
        Assert.Equal("LAX1", (string?)confirmation["shipFromParty"]!["partyId"]);
        Assert.Equal(2, confirmation["items"]!.AsArray().Count);
        var container = Assert.Single(confirmation["containers"]!.AsArray())!;
        Assert.Equal("1ZAMZPOSHIP1", (string?)container["trackingNumber"]);
        Assert.Equal("UPS_GR_RES", (string?)container["shipMethod"]);
        Assert.Equal("KG", (string?)container["weight"]!["unitOfMeasure"]); // what the seller weighed, not a placeholder
        Assert.Equal("2.5", (string?)container["weight"]!["value"]);
        Assert.Equal(8, await StockOfWidgetAsync(id)); // Ship leaves stock as it is: the accept deducted it
    }

    [Fact]
    public async Task Ship_OnAConnectedInstance_WithoutAWeightPerBox_IsRefusedNamingIt_AndTheInstancesDefaultIsUsedOnceSet()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("POWEIGHT1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        await BulkAsync(id, "accept", "POWEIGHT1");
        await AcknowledgedAsync(id, "accepted", "POWEIGHT1");
        await BulkAsync(id, "label", "POWEIGHT1");

        var unweighed = await Admin.PostAsJsonAsync($"/api/instances/{id}/orders/ship", new { orderNumbers = new[] { "POWEIGHT1" } });
        Assert.Equal(HttpStatusCode.BadRequest, unweighed.StatusCode);
        Assert.Contains("weight", await unweighed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var typo = await Admin.PostAsJsonAsync($"/api/instances/{id}/orders/ship", new { orderNumbers = new[] { "POWEIGHT1" }, weight = "2,5 pounds" });
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains("LB or KG", await typo.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.PatchAsJsonAsync($"/api/instances/{id}", new { defaultBoxWeight = "0 LB" })).StatusCode);
        var stillWaiting = await OrderAsync(id, "awaiting", "POWEIGHT1");
        Assert.Equal(JsonValueKind.Null, stillWaiting.GetProperty("shippedAt").ValueKind); // nothing was half-applied
        Assert.Empty(Amazon.ShipmentConfirmations);

        var set = await Admin.PatchAsJsonAsync($"/api/instances/{id}", new { defaultBoxWeight = "3 lb" });
        Assert.Equal("3 LB", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("defaultBoxWeight").GetString());
        await Admin.PostAsJsonAsync($"/api/instances/{id}/orders/ship", new { orderNumbers = new[] { "POWEIGHT1" } });

        await Poll.UntilAsync(() => Amazon.ShipmentConfirmations.Count == 1);
        var container = Amazon.ShipmentConfirmations.Single()["shipmentConfirmations"]![0]!["containers"]![0]!;
        Assert.Equal(("LB", "3"), ((string?)container["weight"]!["unitOfMeasure"], (string?)container["weight"]!["value"]));
        Amazon.AssertKeptToTheModel();
    }

    [Fact]
    public async Task AnOrderReportedShipped_ThatAmazonThenCancels_StaysAsItIs_AndTheSyncDoesNotReportIt()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("POSHIPCANCEL1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        await BulkAsync(id, "accept", "POSHIPCANCEL1");
        await AcknowledgedAsync(id, "accepted", "POSHIPCANCEL1");
        await BulkAsync(id, "label", "POSHIPCANCEL1");
        Amazon.TransactionsSucceedAfter(int.MaxValue); // Amazon is still processing the shipment confirmation
        await BulkAsync(id, "ship", "POSHIPCANCEL1");
        Amazon.CancelOrder("POSHIPCANCEL1");

        var synced = await SyncAsync(id);

        Assert.DoesNotContain(synced.GetProperty("orders").EnumerateArray(), o => o.GetProperty("orderNumber").GetString() == "POSHIPCANCEL1");
        Assert.Equal("Awaiting", (await OrderAsync(id, "awaiting", "POSHIPCANCEL1")).GetProperty("status").GetString());
        Assert.Equal(9, await StockOfWidgetAsync(id));
    }

    [Fact]
    public async Task AShipmentConfirmationAmazonRefuses_StaysAwaitingWithAmazonsError_AndShipsAfterResend()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("POSHIPREFUSED1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        await BulkAsync(id, "accept", "POSHIPREFUSED1");
        await AcknowledgedAsync(id, "accepted", "POSHIPREFUSED1");
        await BulkAsync(id, "label", "POSHIPREFUSED1");
        Amazon.FailNextTransaction("InvalidInput", "shippedDate is before the order date");

        await BulkAsync(id, "ship", "POSHIPREFUSED1");

        var refused = await Poll.UntilAsync(() => OrderAsync(id, "awaiting", "POSHIPREFUSED1"), o => MarketplaceStatus(o) == "refused");
        Assert.Contains("shippedDate is before the order date", refused.GetProperty("marketplaceError").GetString());
        var again = (await BulkAsync(id, "ship", "POSHIPREFUSED1")).GetProperty("orders")[0];
        Assert.Equal("Skipped", again.GetProperty("outcome").GetString()); // one shipment per order; Resend sends it again
        Assert.Equal(1, (await BulkAsync(id, "resend", "POSHIPREFUSED1")).GetProperty("moved").GetInt32());
        var shipped = await Poll.UntilAsync(async () =>
            (await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=shipped")).GetProperty("items"),
            items => items.GetArrayLength() == 1);
        Assert.Equal("confirmed", MarketplaceStatus(shipped[0]));
        Assert.Equal(2, Amazon.ShipmentConfirmations.Count);
    }

    [Fact]
    public async Task Ship_OfAnOrderThatIsNotAwaiting_IsSkippedWithTheReason_AndAmazonHearsNothing()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.AddOrder("PO-NOSHIP-1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        await BulkAsync(id, "accept", "PO-NOSHIP-1");
        await AcknowledgedAsync(id, "accepted", "PO-NOSHIP-1");

        var outcome = (await BulkAsync(id, "ship", "PO-NOSHIP-1")).GetProperty("orders")[0];

        Assert.Equal("Skipped", outcome.GetProperty("outcome").GetString());
        Assert.Contains("not Awaiting", outcome.GetProperty("error").GetString());
        Assert.Empty(Amazon.ShipmentConfirmations);
        Assert.Equal("Accepted", (await OrderAsync(id, "accepted", "PO-NOSHIP-1")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ship_WithoutAConnection_MovesTheOrderToShippedAtOnce_AndAShippedOrderCannotBeCancelled()
    {
        var id = await StoreAsync(Stock);
        await Admin.PostAsJsonAsync($"/api/instances/{id}/orders", new[]
        {
            new { orderNumber = "LOCAL-SHIP-1", lines = new[] { new { sku = "WIDGET-1", quantity = 1 } } },
        });
        await BulkAsync(id, "accept", "LOCAL-SHIP-1");
        await BulkAsync(id, "label", "LOCAL-SHIP-1");

        Assert.Equal(1, (await BulkAsync(id, "ship", "LOCAL-SHIP-1")).GetProperty("moved").GetInt32());

        var shipped = await OrderAsync(id, "shipped", "LOCAL-SHIP-1");
        Assert.Equal("Shipped", shipped.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, shipped.GetProperty("shippedAt").ValueKind);
        var cancel = await Admin.PostAsJsonAsync($"/api/instances/{id}/orders/cancel", new { orderNumbers = new[] { "LOCAL-SHIP-1" }, reason = "late" });
        var cancelled = (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orders")[0];
        Assert.Equal("Skipped", cancelled.GetProperty("outcome").GetString());
        Assert.Equal(9, await StockOfWidgetAsync(id));
        Assert.Empty(Amazon.Requests);
    }

    [Fact]
    public async Task AutoLabel_AsksForTheLabelOnlyOnceAmazonConfirmsTheAcknowledgement_AndTheOrderSaysItIsWaiting()
    {
        var id = await ConnectedStoreAsync(Stock);
        await Admin.PatchAsJsonAsync($"/api/instances/{id}", new { autoLabel = true });
        Amazon.TransactionsSucceedAfter(int.MaxValue);
        Amazon.AddOrder("PO-WAIT-1", "LAX1", ("WIDGET-1", 1));

        await SyncAsync(id);

        await Poll.UntilAsync(() => OrderAsync(id, "accepted", "PO-WAIT-1"), o => MarketplaceStatus(o) == "sent");
        await Poll.UntilAsync(() => Task.FromResult(Amazon.TransactionPolls.Count), n => n >= 2);
        Assert.Equal("Accepted", (await OrderAsync(id, "accepted", "PO-WAIT-1")).GetProperty("status").GetString());
        Assert.Empty(Amazon.LabelRequests);
        var early = (await BulkAsync(id, "label", "PO-WAIT-1")).GetProperty("orders")[0];
        Assert.Contains("waiting for Amazon to confirm the acknowledgement", early.GetProperty("error").GetString());
        Assert.Empty(Amazon.LabelRequests);

        Amazon.TransactionsSucceedAfter(0);

        var labelled = await Poll.UntilAsync(async () =>
            (await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=awaiting")).GetProperty("items"),
            items => items.GetArrayLength() == 1);
        Assert.Equal("confirmed", MarketplaceStatus(labelled[0]));
        Assert.Equal("1ZAMZPO-WAIT-1", labelled[0].GetProperty("trackingNumber").GetString());
        Assert.Single(Amazon.LabelRequests);
    }

    private async Task<int> StockOfWidgetAsync(int id)
    {
        var items = await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory?search=WIDGET-1");
        return items.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("sku").GetString() == "WIDGET-1").GetProperty("quantity").GetInt32();
    }

    [Fact]
    public async Task AZplLabel_IsKeptAsAmazonMadeIt_AndDownloadsAsAFile()
    {
        var id = await ConnectedStoreAsync(Stock);
        Amazon.LabelFormat = "ZPL";
        Amazon.AddOrder("PO-ZPL-1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        await BulkAsync(id, "accept", "PO-ZPL-1");
        await AcknowledgedAsync(id, "accepted", "PO-ZPL-1");
        await BulkAsync(id, "label", "PO-ZPL-1");

        Assert.Equal("ZPL", (await OrderAsync(id, "awaiting", "PO-ZPL-1")).GetProperty("labelFormat").GetString());
        var label = await Admin.GetAsync($"/api/instances/{id}/orders/PO-ZPL-1/label");
        Assert.Equal("attachment", label.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("label-PO-ZPL-1.zpl", label.Content.Headers.ContentDisposition?.FileNameStar ?? label.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(FakeSellingPartnerApi.LabelZpl, await label.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithoutAConnection_TheLabelStaysOurPdf_AndRejectIsRefused()
    {
        var id = await StoreAsync(Stock, inventoryCheck: true);
        await Admin.PostAsJsonAsync($"/api/instances/{id}/orders", new[]
        {
            new { orderNumber = "LOCAL-1", lines = new[] { new { sku = "WIDGET-1", quantity = 1 } } },
            new { orderNumber = "LOCAL-SHORT", lines = new[] { new { sku = "WIDGET-1", quantity = 50 } } },
        });
        await BulkAsync(id, "accept", "LOCAL-1", "LOCAL-SHORT");
        await BulkAsync(id, "label", "LOCAL-1");

        var label = await Admin.GetAsync($"/api/instances/{id}/orders/LOCAL-1/label");
        Assert.Equal("application/pdf", label.Content.Headers.ContentType?.MediaType);
        Assert.Equal("PDF", (await OrderAsync(id, "awaiting", "LOCAL-1")).GetProperty("labelFormat").GetString());
        var reject = (await BulkAsync(id, "reject", "LOCAL-SHORT")).GetProperty("orders")[0];
        Assert.Equal("Skipped", reject.GetProperty("outcome").GetString());
        Assert.Contains("not connected to Amazon", reject.GetProperty("error").GetString());
        Assert.Equal("NoInventory", (await OrderAsync(id, "new", "LOCAL-SHORT")).GetProperty("hold").GetString());
        Assert.Empty(Amazon.Requests);
    }

    [Fact]
    public async Task TheInventoryFeed_SendsSubmitInventoryUpdate_OnePerShipFromWarehouse()
    {
        var id = await StoreAsync("SKU,Warehouse,Quantity\nWIDGET-1,LAX1,10\nWIDGET-1,SEA2,4\n");
        await Admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", Connection());
        await Admin.PatchAsJsonAsync($"/api/instances/{id}", new { inventoryFeed = true });
        using var form = new MultipartFormDataContent
        {
            { new StringContent("SKU,Warehouse,Quantity\nWIDGET-1,LAX1,7\nWIDGET-1,SEA2,3\nGADGET-9,SEA2,1\n"), "file", "stock.csv" },
        };
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/api/instances/{id}/inventory/import", form)).StatusCode);

        await Poll.UntilAsync(() => Task.FromResult(Amazon.InventoryUpdates.Select(u => u.WarehouseId).Distinct().Count()), n => n == 2);
        var byWarehouse = Amazon.InventoryUpdates.ToDictionary(u => u.WarehouseId, u => u.Body["inventory"]!);
        Assert.All(byWarehouse.Values, update =>
        {
            Assert.False((bool)update["isFullUpdate"]!);
            Assert.Equal(FakeSellingPartnerApi.SellingPartyId, (string?)update["sellingParty"]!["partyId"]);
        });
        static List<(string?, int, string?)> Items(JsonNode update) => update["items"]!.AsArray()
            .Select(i => ((string?)i!["vendorProductIdentifier"], (int)i["availableQuantity"]!["amount"]!, (string?)i["availableQuantity"]!["unitOfMeasure"]))
            .OrderBy(i => i.Item1).ToList();
        Assert.Equal([("WIDGET-1", 7, "Each")], Items(byWarehouse["LAX1"]));
        Assert.Equal([("GADGET-9", 1, "Each"), ("WIDGET-1", 3, "Each")], Items(byWarehouse["SEA2"]));
    }

    [Fact]
    public async Task EveryCallToAmazon_NamesTheProductInItsUserAgent()
    {
        var id = await ConnectedStoreAsync(Stock);
        await Admin.PostAsync($"/api/instances/{id}/marketplace/test", null);
        Amazon.AddOrder("PO-AGENT-1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        await BulkAsync(id, "accept", "PO-AGENT-1");
        await AcknowledgedAsync(id, "accepted", "PO-AGENT-1");
        await BulkAsync(id, "label", "PO-AGENT-1");

        var calls = Amazon.Requests.ToList();
        // Login with Amazon, the Tokens API and Direct Fulfillment alike: each client sets it, not each call.
        Assert.Contains(calls, c => c.Path == "/auth/o2/token");
        Assert.Contains(calls, c => c.Path.StartsWith("/tokens/", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Path.Contains("/acknowledgements", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Path.Contains("/shippingLabels/", StringComparison.Ordinal));
        Assert.All(calls, c => Assert.Matches(FakeSellingPartnerApi.UserAgentRule, c.UserAgent));
        Assert.All(calls, c => Assert.Equal(Inventory.Domain.Marketplace.Amazon.AmazonServices.UserAgent, c.UserAgent));
    }

    [Fact]
    public async Task Credentials_NeverAppearInTheLogs()
    {
        var id = await ConnectedStoreAsync(Stock);
        await Admin.PostAsync($"/api/instances/{id}/marketplace/test", null);
        Amazon.AddOrder("PO-LOG-1", "LAX1", ("WIDGET-1", 1));
        await SyncAsync(id);
        await BulkAsync(id, "accept", "PO-LOG-1");
        await AcknowledgedAsync(id, "accepted", "PO-LOG-1");
        await BulkAsync(id, "label", "PO-LOG-1");
        await Admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", Connection(clientSecret: "wrong-secret-for-a-logged-failure"));
        await Admin.PostAsync($"/api/instances/{id}/marketplace/test", null);
        await Admin.PostAsync($"/api/instances/{id}/sync", null);

        var logs = App.Logs.All;
        Assert.Contains("directFulfillment", logs); // the calls were logged, so the search below means something
        Assert.DoesNotContain(FakeSellingPartnerApi.ClientSecret, logs);
        Assert.DoesNotContain("wrong-secret-for-a-logged-failure", logs);
        Assert.DoesNotContain(FakeSellingPartnerApi.RefreshToken, logs);
        Assert.DoesNotContain("Atza|standin-access-", logs);
        Assert.DoesNotContain("Atz.sprdt|standin-", logs);
    }

    [Fact]
    public async Task AnAcknowledgementAmazonDidNotTake_IsSentByTheNextServerStart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "inventory-outbox-restart", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = $"Data Source={Path.Combine(folder, "inventory.db")};Default Timeout=60";
        int id;
        await using (var first = new AmazonAppFactory())
        {
            first.Settings["ConnectionStrings:Inventory"] = database;
            first.Live.AllowAmazon(Amazon.Endpoint);
            var admin = first.CreateClient();
            var created = await admin.PostAsJsonAsync("/api/instances", new { name = "Restart store", platform = "Amazon", defaultWarehouse = "LAX1" });
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            Assert.True((await admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", Connection())).IsSuccessStatusCode);
            Amazon.AddOrder("PO-RESTART-1", "LAX1", ("WIDGET-1", 1));
            Assert.True((await admin.PostAsync($"/api/instances/{id}/sync", null)).IsSuccessStatusCode);

            // Amazon goes down as the order is accepted; the server then stops with the acknowledgement unsent.
            Amazon.UnavailableNext(int.MaxValue);
            Assert.True((await admin.PostAsJsonAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "PO-RESTART-1" } })).IsSuccessStatusCode);
            var failed = await Poll.UntilAsync(
                async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=accepted")).GetProperty("items")[0],
                o => o.GetProperty("acknowledgement") is { ValueKind: JsonValueKind.Object } a && a.GetProperty("error").ValueKind == JsonValueKind.String);
            Assert.Contains("503", failed.GetProperty("acknowledgement").GetProperty("error").GetString());
        }
        Assert.Empty(Amazon.Acknowledgements);

        Amazon.UnavailableNext(0);
        await using (var second = new AmazonAppFactory())
        {
            second.Settings["ConnectionStrings:Inventory"] = database;
            second.Live.AllowAmazon(Amazon.Endpoint);
            var admin = second.CreateClient();
            await Poll.UntilAsync(() => Task.FromResult(Amazon.Acknowledgements.Count), n => n == 1);
            var order = await Poll.UntilAsync(
                async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=accepted")).GetProperty("items")[0],
                o => o.GetProperty("acknowledgement").GetProperty("sent").GetBoolean());
            Assert.Equal(JsonValueKind.Null, order.GetProperty("acknowledgement").GetProperty("error").ValueKind);
        }
        Assert.Equal("PO-RESTART-1", (string?)Assert.Single(Amazon.Acknowledgements)["orderAcknowledgements"]![0]!["purchaseOrderNumber"]);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
