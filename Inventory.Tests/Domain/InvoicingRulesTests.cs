using Inventory.Domain.Instances;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Orders;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Domain;

/// <summary>
/// Send invoices on both engines: the order Amazon confirmed shipped is invoiced in the transaction that makes
/// it Shipped, from the instance's own number series; an order without Amazon's net price is held with the reason.
/// </summary>
public abstract class InvoicingRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private FakeSellingPartnerApi _amazon = null!;

    public override async Task InitializeAsync()
    {
        _amazon = await FakeSellingPartnerApi.StartAsync();
        Db.Settings["Amazon:AllowedEndpoints:0"] = _amazon.Endpoint.ToString();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await _amazon.DisposeAsync();
        }
        finally
        {
            await base.DisposeAsync();
        }
    }

    /// <summary>An order labelled before the instance was connected, then reported shipped to Amazon on the connected instance.</summary>
    private async Task<long> ReportedShippedAsync(int instanceId, string number, LinePrice? price)
    {
        var synced = await Db.Intake.SyncAsync(instanceId,
            [new IncomingOrder(number, null, DateTime.UtcNow, [new IncomingLine("SKU-1", 2, "1", "B0ASIN1", price)])], Db.User);
        var id = synced.Orders[0].OrderId!.Value;
        await Db.Acceptance.AcceptAsync(instanceId, [id], Db.User);
        await Db.Labelling.CreateLabelAsync(instanceId, [id], Db.User);
        return id;
    }

    [SkippableFact]
    public async Task ShippedOrdersAmazonConfirmed_AreInvoicedInTurn_AndOneWithoutANetPriceIsHeldWithTheReason()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var priced = await ReportedShippedAsync(store.Id, "PO-INV-1", new LinePrice(10m, 1.5m, "USD"));
        var unpriced = await ReportedShippedAsync(store.Id, "PO-INV-2", null);
        await Db.Services.GetRequiredService<MarketplaceConnections>().SaveAsync(store.Id, new MarketplaceConnectionInput(
            MarketplaceKind.AmazonDirectFulfillment, AmazonRegion.NA, _amazon.Endpoint.ToString(), _amazon.TokenEndpoint.ToString(),
            FakeSellingPartnerApi.ClientId, FakeSellingPartnerApi.ClientSecret, FakeSellingPartnerApi.RefreshToken,
            FakeSellingPartnerApi.SellingPartyId), Db.User);
        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(SendInvoices: true, InvoicePrefix: "V-"), Db.User);
        await Db.Shipping.ShipAsync(store.Id, [priced, unpriced], null, Db.User, new BoxWeight(1m, WeightUnit.LB));

        await Db.Shipping.ConfirmAsync(store.Id, [priced, unpriced], CancellationToken.None);

        await using var db = Db.Context();
        var invoices = await db.Invoices.AsNoTracking().OrderBy(i => i.Number).ToListAsync();
        Assert.Equal([("V-000001", priced, 20m, 1.5m, "USD"), ("V-000002", unpriced, 0m, 0m, "")],
            invoices.Select(i => (i.Number, i.OrderId, i.NetTotal, i.TaxTotal, i.Currency)));
        var messages = await db.OutboxMessages.AsNoTracking().Where(m => m.Kind == OutboxKind.Invoice).ToListAsync();
        var sendable = messages.Single(m => m.OrderId == priced);
        Assert.Equal(TransactionOutcome.Pending, sendable.Outcome);
        Assert.Contains("\"invoiceNumber\":\"V-000001\"", sendable.Body);
        var held = messages.Single(m => m.OrderId == unpriced);
        Assert.Equal(TransactionOutcome.Failure, held.Outcome);
        Assert.Contains("no net price for SKU-1", held.Refusal);
        Assert.Equal(3, (await db.Instances.AsNoTracking().SingleAsync(i => i.Id == store.Id)).NextInvoiceNumber);
        Assert.All(await db.Orders.AsNoTracking().Where(o => o.Id == priced || o.Id == unpriced).ToListAsync(),
            o => Assert.Equal(OrderStatus.Shipped, o.Status));
        // The seller is told the held one never reached Amazon: it was not Amazon that refused it.
        var queries = Db.Services.GetRequiredService<InvoiceQueries>();
        Assert.Equal([("V-000002", true), ("V-000001", false)], (await queries.ListAsync(store.Id, Db.User)).Select(i => (i.Number, i.Held)));
        var csv = System.Text.Encoding.UTF8.GetString(await queries.CsvAsync(store.Id, Db.User));
        Assert.Contains("V-000002,PO-INV-2,", csv);
        Assert.Contains(",not sent,", csv);
    }
}

public sealed class InvoicingRulesOnSqlite() : InvoicingRulesTests(Engine.Sqlite);

public sealed class InvoicingRulesOnPostgres() : InvoicingRulesTests(Engine.Postgres);
