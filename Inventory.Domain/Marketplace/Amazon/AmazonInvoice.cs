using System.Globalization;
using System.Text.Json;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock.Feed;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// The submitInvoice body for one shipped order: every line billed at Amazon's own net price for it
/// (<c>netPrice</c> as the order came), with the tax Amazon gave, remitted to the connection's selling party.
/// An order Amazon sent without a net price on every line cannot be billed from what is known: it gets
/// no body, only the reason, so nothing that breaks Amazon's model is sent.
/// </summary>
internal static class AmazonInvoice
{
    /// <summary>
    /// Amazon's order gives a line's tax amount, and this product keeps only the amount: the type agreed
    /// with Amazon (<c>MutuallyDefined</c>) is said rather than a guess at VAT or sales tax.
    /// </summary>
    public const string TaxType = "MutuallyDefined";

    /// <summary>The totals of the order's invoice, or why it cannot be invoiced.</summary>
    public static (decimal Net, decimal Tax, string Currency)? Totals(Order order, out string? problem)
    {
        problem = Problem(order);
        if (problem is not null)
            return null;
        return (order.Lines.Sum(l => l.NetPrice!.Value * l.Quantity), order.Lines.Sum(l => l.Tax ?? 0), order.Lines[0].Currency!);
    }

    public static string? Problem(Order order)
    {
        if (order.Lines.Count == 0)
            return $"Order {order.OrderNumber} has no lines to invoice.";
        if (order.Lines.FirstOrDefault(l => l.NetPrice is null || l.Currency is null) is { } unpriced)
            return $"Cannot be invoiced: Amazon gave no net price for {unpriced.Sku} on order {order.OrderNumber}.";
        if (order.Lines.Select(l => l.Currency).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1)
            return $"Cannot be invoiced: the lines of order {order.OrderNumber} are priced in more than one currency.";
        return null;
    }

    /// <summary>The body, or null when <see cref="Problem"/> says the order cannot be invoiced.</summary>
    public static string? Body(Order order, Invoice invoice, string sellingPartyId, DateTime invoiceDate)
    {
        if (Problem(order) is not null)
            return null;
        var currency = order.Lines[0].Currency!;
        var items = order.Lines.Select((line, index) => new InvoiceItem(
            line.ItemSequenceNumber ?? (index + 1).ToString(CultureInfo.InvariantCulture),
            line.BuyerProductIdentifier,
            line.Sku,
            new ItemQuantity(line.Quantity, "Each"),
            Money(currency, line.NetPrice!.Value),
            order.OrderNumber,
            line.Tax is { } tax ? [new InvoiceTaxDetail(TaxType, Money(currency, tax))] : null)).ToList();
        var taxed = order.Lines.Any(l => l.Tax is not null);
        var detail = new InvoiceDetail(
            invoice.Number, invoiceDate,
            new PartyIdentification(sellingPartyId), new PartyIdentification(order.Warehouse),
            Money(currency, invoice.NetTotal + invoice.TaxTotal),
            taxed ? [new InvoiceTaxDetail(TaxType, Money(currency, invoice.TaxTotal))] : null,
            items);
        return JsonSerializer.Serialize(new SubmitInvoiceRequest([detail]), SpApiClient.Json);
    }

    /// <summary>Amazon's Decimal: plain digits, a point, no exponent, at least cents.</summary>
    private static Money Money(string currency, decimal amount) =>
        new(currency, amount.ToString("0.00##", CultureInfo.InvariantCulture));
}
