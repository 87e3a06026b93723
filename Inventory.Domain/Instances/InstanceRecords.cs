namespace Inventory.Domain.Instances;

public sealed record InstanceView(
    int Id, string Name, Platform Platform, string DefaultWarehouse, bool InventoryCheck, bool AutoLabel, DateTime CreatedAt,
    bool SimulateOrders = false, DateTime? LastSyncAt = null, string? LastSyncError = null);

public sealed record NewInstance(string Name, Platform Platform, string DefaultWarehouse);

/// <summary>A partial update: null fields are left as they are.</summary>
public sealed record InstanceUpdate(
    string? Name = null, Platform? Platform = null, string? DefaultWarehouse = null,
    bool? InventoryCheck = null, bool? AutoLabel = null, bool? SimulateOrders = null);
