namespace Inventory.Domain.Marketplace;

/// <summary>
/// An invoice of one shipped order to its marketplace, numbered from the instance's series when it is
/// queued (its message to Amazon is an <see cref="OutboxMessage"/> of kind <see cref="OutboxKind.Invoice"/>).
/// </summary>
public class Invoice
{
    public const int NumberMaxLength = 40;

    private Invoice() { }

    public Invoice(int instanceId, long orderId, string number, DateTime issuedAt, string currency, decimal netTotal, decimal taxTotal)
    {
        InstanceId = instanceId;
        OrderId = orderId;
        Number = number;
        IssuedAt = issuedAt;
        Currency = currency;
        NetTotal = netTotal;
        TaxTotal = taxTotal;
    }

    public long Id { get; private set; }
    public int InstanceId { get; private set; }
    public long OrderId { get; private set; }
    public string Number { get; private set; } = string.Empty;
    public DateTime IssuedAt { get; private set; }
    public string Currency { get; private set; } = string.Empty;
    public decimal NetTotal { get; private set; }
    public decimal TaxTotal { get; private set; }
}
