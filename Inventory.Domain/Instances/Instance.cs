using Inventory.Domain.Common;

namespace Inventory.Domain.Instances;

public enum Platform { Amazon, eBay, Walmart, Shopify, Etsy, Other }

/// <summary>One marketplace store connection.</summary>
public class Instance
{

    private Instance() { }

    public Instance(int? accountId, string name, Platform platform, string defaultWarehouse, DateTime createdAt)
    {
        AccountId = accountId;
        Rename(name);
        ChangePlatform(platform);
        ChangeDefaultWarehouse(defaultWarehouse);
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }

    /// <summary>
    /// The account that owns the instance; only its users see it. Null only for an instance made
    /// before any account existed (the demo store on a first start), which setup gives to the first account.
    /// </summary>
    public int? AccountId { get; private set; }

    public string Name { get; private set; } = string.Empty;
    public Platform Platform { get; private set; }
    public string DefaultWarehouse { get; private set; } = string.Empty;

    /// <summary>Off when created (rule 4): refuse accepts and syncs that cannot be filled.</summary>
    public bool InventoryCheck { get; private set; }

    /// <summary>Off when created: label orders on sync and on accept (rule 7).</summary>
    public bool AutoLabel { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Demo and load testing: the built-in simulated marketplace feeds this instance orders.</summary>
    public bool SimulateOrders { get; private set; }

    public DateTime? LastSyncAt { get; private set; }

    /// <summary>
    /// How many items the instance tracks, kept exact by the import and Clear Inventory in their own
    /// transactions (the only ways items come and go), so the grid never counts a million rows.
    /// </summary>
    public int ItemCount { get; private set; }

    /// <summary>
    /// Goes up whenever items come or go (with <see cref="ItemCount"/>): what a SKU search finds can only
    /// change then, so a count of matches stays good while this stays the same.
    /// </summary>
    public int ItemsVersion { get; private set; }

    /// <summary>Items at or below this many units are low stock (the grid's filter and highlight); null: off.</summary>
    public int? LowStockThreshold { get; private set; }

    /// <summary>
    /// Off by default (the seed's behaviour): Inventory Check skips an order line whose SKU is not
    /// tracked in the order's warehouse. On: such a line counts as short, and holds the order.
    /// </summary>
    public bool UntrackedCountsAsShort { get; private set; }

    /// <summary>Off by default: push the available quantity of changed tracked items to the marketplace.</summary>
    public bool InventoryFeed { get; private set; }

    /// <summary>The last ledger movement a good push of the feed covered: what changed after it is pending.</summary>
    public long FeedCursor { get; private set; }

    public DateTime? FeedLastPushAt { get; private set; }
    public int FeedLastItemCount { get; private set; }

    /// <summary>Why the last push of the feed failed; null after a good one.</summary>
    public string? FeedLastError { get; private set; }

    /// <summary>Off by default: a shipped order of a connected instance is invoiced to the marketplace (Amazon's submitInvoice).</summary>
    public bool SendInvoices { get; private set; }

    /// <summary>What every invoice number of the instance starts with; the number follows (INV-000001).</summary>
    public string InvoicePrefix { get; private set; } = "INV-";

    /// <summary>The next number of the instance's invoice series; taken in the invoice's own transaction.</summary>
    public int NextInvoiceNumber { get; private set; } = 1;

    /// <summary>The weight per box Ship uses when the seller gives none (a vendor shipping one kind of parcel sets it once); null: asked on every Ship.</summary>
    public decimal? DefaultWeightPerBox { get; private set; }
    public Orders.WeightUnit? DefaultWeightUnit { get; private set; }

    public Orders.BoxWeight? DefaultBoxWeight => Orders.BoxWeight.Of(DefaultWeightPerBox, DefaultWeightUnit);

    /// <param name="weight">Null: no default, the weight is asked on every Ship.</param>
    public void SetDefaultBoxWeight(Orders.BoxWeight? weight)
    {
        DefaultWeightPerBox = weight?.Value;
        DefaultWeightUnit = weight?.Unit;
    }

    /// <summary>Why the last pull from the marketplace failed; null after a good one.</summary>
    public string? LastSyncError { get; private set; }

    public void Rename(string name) => Name = Fields.Required(name, "Name", Fields.NameMaxLength);

    public void ChangePlatform(Platform platform)
    {
        if (!Enum.IsDefined(platform))
            throw new ValidationException("Platform", $"Platform '{platform}' is not one of {string.Join(", ", Enum.GetNames<Platform>())}.");
        Platform = platform;
    }

    public void ChangeDefaultWarehouse(string warehouse) =>
        DefaultWarehouse = Fields.Required(warehouse, "Default warehouse", Fields.WarehouseMaxLength);

    public void SetInventoryCheck(bool on) => InventoryCheck = on;

    public void SetAutoLabel(bool on) => AutoLabel = on;

    public void SetSimulateOrders(bool on) => SimulateOrders = on;

    public void SetUntrackedCountsAsShort(bool on) => UntrackedCountsAsShort = on;

    /// <param name="newestMovement">Switched on, the feed starts from now: changes after this movement are pushed.</param>
    public void SetInventoryFeed(bool on, long newestMovement)
    {
        if (on && !InventoryFeed)
            FeedCursor = newestMovement;
        InventoryFeed = on;
    }

    public void SetSendInvoices(bool on) => SendInvoices = on;

    public const int InvoicePrefixMaxLength = 20;

    /// <summary>The start of the instance's invoice numbers from the next one on; numbers already issued keep theirs.</summary>
    public void SetInvoicePrefix(string prefix)
    {
        var trimmed = (prefix ?? "").Trim();
        if (trimmed.Length > InvoicePrefixMaxLength || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/' or '.'))
            throw new ValidationException("invoicePrefix",
                $"The invoice prefix must be at most {InvoicePrefixMaxLength} letters, digits, '-', '_', '/' or '.'; not '{Fields.Truncate(trimmed, 40)}'.");
        InvoicePrefix = trimmed;
    }

    /// <summary>An invoice number of the series as it is written: the prefix, then the number on six digits (INV-000001).</summary>
    public static string InvoiceNumber(string prefix, long number) => $"{prefix}{number:D6}";

    /// <param name="threshold">Units at or below which an item is low; null switches it off.</param>
    public void SetLowStockThreshold(int? threshold) => LowStockThreshold = threshold is { } t && (t < 0 || t > Fields.MaxStockQuantity)
        ? throw new ValidationException("lowStockThreshold",
            $"The low-stock threshold must be a whole number from 0 to {Fields.MaxStockQuantity:N0}, or null to switch it off; not {t}.")
        : threshold;

    public void RecordSync(DateTime at, string? error)
    {
        LastSyncAt = at;
        LastSyncError = error is { Length: > 500 } ? error[..500] : error;
    }
}
