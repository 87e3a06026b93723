using Inventory.Domain.Common;

namespace Inventory.Domain.Marketplace;

/// <summary>
/// One line of an instance's item map: the marketplace's product id (Amazon's ASIN) and the seller's SKU it
/// stands for. A marketplace line that names only the product id is matched to stock through it.
/// </summary>
public class ItemMapEntry
{
    public const int ProductIdMaxLength = 64;

    private ItemMapEntry() { }

    public ItemMapEntry(int instanceId, string productId, string sku, DateTime at)
    {
        InstanceId = instanceId;
        ProductId = Fields.Required(productId, "ASIN", ProductIdMaxLength);
        ProductIdKey = Keys.Normalize(ProductId);
        MapTo(sku, at);
    }

    public int InstanceId { get; private set; }
    public string ProductId { get; private set; } = string.Empty;
    public string ProductIdKey { get; private set; } = string.Empty;
    public string Sku { get; private set; } = string.Empty;
    public string SkuKey { get; private set; } = string.Empty;
    public DateTime UpdatedAt { get; private set; }

    public void MapTo(string sku, DateTime at)
    {
        Sku = Fields.Required(sku, "SKU", Fields.SkuMaxLength);
        SkuKey = Keys.Normalize(Sku);
        UpdatedAt = at;
    }
}
