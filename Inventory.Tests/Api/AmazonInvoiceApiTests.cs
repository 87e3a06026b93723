using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inventory.Domain.Accounts;
using Inventory.Domain.Dashboard;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Api;

/// <summary>
/// Issue 26 rows 8 and 1 over HTTP, against the stand-in Selling Partner API: Send invoices (a shipped order
/// Amazon confirmed is invoiced with submitInvoice and its transaction followed), the invoices list and its
/// CSV, and the inventory feed's transactions (a refused batch goes again after Push now).
/// </summary>
public sealed class AmazonInvoiceApiTests(AmazonAppFactory app) : AmazonApiTests(app)
{
    private async Task<int> ConnectedStoreAsync(bool sendInvoices)
    {
        var id = await ConnectedStoreAsync("SKU,Warehouse,Quantity\nWIDGET-1,LAX1,10\nGADGET-1,LAX1,5\n");
        if (sendInvoices)
            Assert.Equal(HttpStatusCode.OK, (await Admin.PatchAsJsonAsync($"/api/instances/{id}", new { sendInvoices = true })).StatusCode);
        return id;
    }

    /// <summary>The order from Amazon, accepted, labelled and reported shipped; returns once Amazon has confirmed the shipment.</summary>
    private async Task ShippedAsync(int id, string number, params (string Sku, int Quantity)[] items)
    {
        Amazon.AddOrder(number, "LAX1", items);
        Assert.True((await Admin.PostAsync($"/api/instances/{id}/sync", null)).IsSuccessStatusCode);
        await BulkAsync(id, "accept", number);
        await Poll.UntilAsync(() => FindOrderAsync(id, "accepted", number), o => MarketplaceStatus(o) == "confirmed");
        await BulkAsync(id, "label", number);
        await BulkAsync(id, "ship", number);
        await Poll.UntilAsync(() => FindOrderAsync(id, "shipped", number), o => o is not null);
    }

    private Task<JsonElement> InvoicesAsync(int id) => Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/invoices")!;

    private static JsonElement Invoice(JsonElement list, string orderNumber) =>
        list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("orderNumber").GetString() == orderNumber);

    [Fact]
    public async Task SendInvoicesOn_AnOrderAmazonConfirmedShipped_IsInvoicedAsINV000001_ToTheModel_AndFollowedToConfirmed()
    {
        var id = await ConnectedStoreAsync(sendInvoices: true);
        Amazon.LineTax = "0.80";

        await ShippedAsync(id, "POINV1", ("WIDGET-1", 2), ("GADGET-1", 1));

        var invoice = await Poll.UntilAsync(async () => Invoice(await InvoicesAsync(id), "POINV1"),
            i => i.GetProperty("status").GetString() == "confirmed");
        Assert.Equal("INV-000001", invoice.GetProperty("number").GetString());
        Assert.Equal("USD", invoice.GetProperty("currency").GetString());
        Assert.Equal(30.00m, invoice.GetProperty("net").GetDecimal()); // 2 × 10.00 + 1 × 10.00
        Assert.Equal(1.60m, invoice.GetProperty("tax").GetDecimal());
        Assert.Equal(31.60m, invoice.GetProperty("total").GetDecimal());
        Amazon.AssertKeptToTheModel();
        var sent = Assert.Single(Amazon.Invoices)["invoices"]![0]!;
        Assert.Equal("INV-000001", (string?)sent["invoiceNumber"]);
        Assert.Equal(FakeSellingPartnerApi.SellingPartyId, (string?)sent["remitToParty"]!["partyId"]);
        Assert.Equal("LAX1", (string?)sent["shipFromParty"]!["partyId"]);
        Assert.Equal("31.60", (string?)sent["invoiceTotal"]!["amount"]);
        var items = sent["items"]!.AsArray();
        Assert.Equal(["WIDGET-1", "GADGET-1"], items.Select(i => (string?)i!["vendorProductIdentifier"]));
        Assert.All(items, i => Assert.Equal("POINV1", (string?)i!["purchaseOrderNumber"]));
        Assert.Equal(2, (int)items[0]!["invoicedQuantity"]!["amount"]!);
        Assert.Equal("10.00", (string?)items[0]!["netCost"]!["amount"]);
        Assert.Equal("0.80", (string?)items[0]!["taxDetails"]![0]!["taxAmount"]!["amount"]);
        Assert.Equal("confirmed", MarketplaceStatus(await FindOrderAsync(id, "shipped", "POINV1")));

        // The next order takes the next number of the instance's series.
        await ShippedAsync(id, "POINV2", ("WIDGET-1", 1));
        var second = await Poll.UntilAsync(async () => Invoice(await InvoicesAsync(id), "POINV2"), i => i.GetProperty("status").GetString() == "confirmed");
        Assert.Equal("INV-000002", second.GetProperty("number").GetString());

        var csv = await Admin.GetAsync($"/api/instances/{id}/invoices.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Number,Order number,Issued at,Currency,Net,Tax,Total,Status,Amazon's error", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("INV-000001,POINV1,", StringComparison.Ordinal) && l.EndsWith(",USD,30.00,1.60,31.60,confirmed,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("INV-000002,POINV2,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendInvoicesOff_AShippedOrderIsNotInvoiced()
    {
        var id = await ConnectedStoreAsync(sendInvoices: false);

        await ShippedAsync(id, "PONOINV1", ("WIDGET-1", 1));

        // The invoice would be written in the transaction that made the order Shipped.
        Assert.Equal(0, (await InvoicesAsync(id)).GetProperty("items").GetArrayLength());
        Assert.Equal("confirmed", MarketplaceStatus(await FindOrderAsync(id, "shipped", "PONOINV1")));
        Assert.DoesNotContain(Amazon.Invoices, b => (string?)b["invoices"]![0]!["items"]![0]!["purchaseOrderNumber"] == "PONOINV1");
    }

    [Fact]
    public async Task AnInvoiceAmazonRefuses_ShowsOnTheOrderTheListAndTheDashboard_AndIsResentWithItsNumber()
    {
        var id = await ConnectedStoreAsync(sendInvoices: true);
        Amazon.FailNextInvoice("InvalidInput", "remitToParty is not registered for payments");

        await ShippedAsync(id, "POINVREF1", ("WIDGET-1", 1));

        var refused = await Poll.UntilAsync(() => FindOrderAsync(id, "shipped", "POINVREF1"), o => MarketplaceStatus(o) == "refused");
        Assert.Contains("remitToParty is not registered for payments", refused!.Value.GetProperty("marketplaceError").GetString());
        var listed = Invoice(await InvoicesAsync(id), "POINVREF1");
        Assert.Equal("refused", listed.GetProperty("status").GetString());
        Assert.Contains("remitToParty is not registered", listed.GetProperty("error").GetString());
        var dashboard = await App.Services.GetRequiredService<DashboardQueries>().GetAsync(id, App.Admin);
        var attention = Assert.Single(dashboard.Refused);
        Assert.Equal(("POINVREF1", Inventory.Domain.Marketplace.OutboxKind.Invoice), (attention.OrderNumber, attention.Kind));

        Assert.Equal(1, (await BulkAsync(id, "resend", "POINVREF1")).GetProperty("moved").GetInt32());

        await Poll.UntilAsync(() => FindOrderAsync(id, "shipped", "POINVREF1"), o => MarketplaceStatus(o) == "confirmed");
        Assert.Equal(["INV-000001", "INV-000001"], Amazon.Invoices.Select(b => (string?)b["invoices"]![0]!["invoiceNumber"]));
        Assert.Empty((await App.Services.GetRequiredService<DashboardQueries>().GetAsync(id, App.Admin)).Refused);
    }

    [Fact]
    public async Task Invoices_AreTheAccountsOwn_ViewedByAViewer_AndTheSettingIsAnAdminsWithItsPrefixChecked()
    {
        var id = await ConnectedStoreAsync(sendInvoices: false);
        var (_, otherToken) = await App.OtherAccountAsync();
        var other = App.ClientWith(otherToken);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/instances/{id}/invoices")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/instances/{id}/invoices.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PatchAsJsonAsync($"/api/instances/{id}", new { sendInvoices = true })).StatusCode);
        var (_, viewerToken) = await App.UserAsync(Role.Viewer);
        var viewer = App.ClientWith(viewerToken);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/instances/{id}/invoices")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/instances/{id}/invoices.csv")).StatusCode);
        var (_, operatorToken) = await App.UserAsync(Role.Operator);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await App.ClientWith(operatorToken).PatchAsJsonAsync($"/api/instances/{id}", new { sendInvoices = true })).StatusCode);

        var bad = await Admin.PatchAsJsonAsync($"/api/instances/{id}", new { invoicePrefix = "=HYPERLINK(1)" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("invoicePrefix", await bad.Content.ReadAsStringAsync());
        var saved = await (await Admin.PatchAsJsonAsync($"/api/instances/{id}", new { sendInvoices = true, invoicePrefix = "AMZ-2026/" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(saved.GetProperty("sendInvoices").GetBoolean());
        Assert.Equal("AMZ-2026/", saved.GetProperty("invoicePrefix").GetString());

        await ShippedAsync(id, "POPREFIX1", ("WIDGET-1", 1));
        var invoice = await Poll.UntilAsync(async () => Invoice(await InvoicesAsync(id), "POPREFIX1"),
            i => i.GetProperty("status").GetString() == "confirmed");
        Assert.Equal("AMZ-2026/000001", invoice.GetProperty("number").GetString());
    }

    private Task<JsonElement> FeedAsync(int id) => Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory/feed")!;

    private async Task ImportAsync(int id, string csv)
    {
        using var form = new MultipartFormDataContent { { new StringContent(csv), "file", "stock.csv" } };
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/api/instances/{id}/inventory/import", form)).StatusCode);
    }

    [Fact]
    public async Task AnInventoryUpdateAmazonRefuses_ShowsRefusedOnTheFeed_AndItsItemsGoAgainAfterPushNow()
    {
        var id = await ConnectedStoreAsync(sendInvoices: false);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PatchAsJsonAsync($"/api/instances/{id}", new { inventoryFeed = true })).StatusCode);
        Amazon.FailNextInventoryUpdate("InvalidInput", "WIDGET-1 is not a product of this vendor");

        await ImportAsync(id, "SKU,Warehouse,Quantity\nWIDGET-1,LAX1,7\n");

        var refused = await Poll.UntilAsync(() => FeedAsync(id), f => f.GetProperty("lastTransaction").GetString() == "refused");
        Assert.Contains("WIDGET-1 is not a product of this vendor", refused.GetProperty("lastRefusal").GetString());
        Assert.StartsWith("refused by Amazon: ", refused.GetProperty("lastError").GetString());
        Assert.Equal(1, refused.GetProperty("pendingItems").GetInt32()); // the cursor went back: WIDGET-1 waits to go again
        var dashboard = await App.Services.GetRequiredService<DashboardQueries>().GetAsync(id, App.Admin);
        Assert.Contains("WIDGET-1 is not a product of this vendor", Assert.Single(dashboard.RefusedFeeds).Error);
        Assert.Single(Amazon.InventoryUpdates);

        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostAsync($"/api/instances/{id}/inventory/feed/push", null)).StatusCode);

        var confirmed = await Poll.UntilAsync(() => FeedAsync(id), f => f.GetProperty("lastTransaction").GetString() == "confirmed");
        Assert.Equal(JsonValueKind.Null, confirmed.GetProperty("lastError").ValueKind);
        Assert.Equal(0, confirmed.GetProperty("pendingItems").GetInt32());
        Assert.Equal(2, Amazon.InventoryUpdates.Count);
        var again = Amazon.InventoryUpdates.Last().Body["inventory"]!["items"]!.AsArray().Single()!;
        Assert.Equal(("WIDGET-1", 7), ((string?)again["vendorProductIdentifier"], (int)again["availableQuantity"]!["amount"]!));
        Assert.Empty((await App.Services.GetRequiredService<DashboardQueries>().GetAsync(id, App.Admin)).RefusedFeeds);
        Assert.Equal(HttpStatusCode.NotFound,
            (await App.ClientWith((await App.OtherAccountAsync()).Token).PostAsync($"/api/instances/{id}/inventory/feed/push", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await App.ClientWith((await App.UserAsync(Role.Viewer)).Token).PostAsync($"/api/instances/{id}/inventory/feed/push", null)).StatusCode);
    }

    [Fact]
    public async Task AnInventoryUpdateAmazonProcesses_ShowsConfirmedOnTheFeed()
    {
        var id = await ConnectedStoreAsync(sendInvoices: false);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PatchAsJsonAsync($"/api/instances/{id}", new { inventoryFeed = true })).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await FeedAsync(id)).GetProperty("lastTransaction").ValueKind);

        await ImportAsync(id, "SKU,Warehouse,Quantity\nGADGET-1,LAX1,2\n");

        var confirmed = await Poll.UntilAsync(() => FeedAsync(id), f => f.GetProperty("lastTransaction").GetString() == "confirmed");
        Assert.Equal(1, confirmed.GetProperty("lastItemCount").GetInt32());
        Assert.Contains(Amazon.TransactionPolls, p => p.TransactionId == Amazon.InventoryTransactions.Single() && p.Status == "Success");
        Amazon.AssertKeptToTheModel();
    }
}
