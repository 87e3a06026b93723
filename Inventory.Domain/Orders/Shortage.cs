namespace Inventory.Domain.Orders;

/// <summary>A tracked SKU an order needs more of than the warehouse has on hand.</summary>
public sealed record Shortage(string Sku, string Warehouse, int Needed, int OnHand);
