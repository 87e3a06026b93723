using System.Text.Json;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Marketplace.Amazon;
using Inventory.Domain.Orders;

namespace Inventory.Tests.Domain;

/// <summary>What an invoice bills: Amazon's net price and tax as the order came, and nothing when a price is missing.</summary>
public sealed class InvoiceRulesTests
{
    private static Order OrderOf(params OrderLine[] lines) =>
        new(1, "POINVRULE1", "LAX1", DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1), lines.ToList());

    [Fact]
    public void AnAmazonLine_KeepsItsNetPriceAndTheSumOfItsTaxes_InThePricesCurrency()
    {
        var item = JsonSerializer.Deserialize<OrderItem>("""
            { "itemSequenceNumber": "1", "vendorProductIdentifier": "WIDGET-1", "orderedQuantity": { "amount": 2, "unitOfMeasure": "Each" },
              "netPrice": { "currencyCode": "EUR", "amount": "12.50" },
              "taxDetails": { "taxLineItem": [ { "taxAmount": { "currencyCode": "EUR", "amount": "2.00" } },
                                               { "taxAmount": { "currencyCode": "EUR", "amount": "0.375" } } ] } }
            """, SpApiClient.Json)!;

        Assert.Equal(new LinePrice(12.50m, 2.375m, "EUR"), AmazonOrderSource.PriceOf(item));
        Assert.Null(AmazonOrderSource.PriceOf(item with { NetPrice = null }));
    }

    [Fact]
    public void AnOrderWithALineWithoutANetPrice_HasNoInvoiceBody_AndTheReasonNamesTheLine()
    {
        var order = OrderOf(new OrderLine("WIDGET-1", 1, "1", price: new LinePrice(10m, null, "USD")), new OrderLine("GADGET-1", 1, "2"));

        Assert.Null(AmazonInvoice.Body(order, new Invoice(1, order.Id, "INV-000001", DateTime.UtcNow, "USD", 10m, 0m), "VENDOR1", DateTime.UtcNow));
        Assert.Contains("no net price for GADGET-1", AmazonInvoice.Problem(order));
        Assert.Null(AmazonInvoice.Totals(order, out _));
    }

    [Fact]
    public void AnInvoiceBills_NetPriceTimesQuantity_PlusTheTaxAmazonGave()
    {
        var order = OrderOf(new OrderLine("WIDGET-1", 3, "1", price: new LinePrice(2.5m, 0.6m, "USD")),
            new OrderLine("GADGET-1", 1, "2", price: new LinePrice(4m, null, "USD")));

        Assert.Equal((11.5m, 0.6m, "USD"), AmazonInvoice.Totals(order, out var problem));
        Assert.Null(problem);
    }
}
