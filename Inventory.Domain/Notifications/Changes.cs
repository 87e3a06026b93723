namespace Inventory.Domain.Notifications;

/// <summary>Something a page may show has changed in one instance; subscribers re-query.</summary>
public abstract record Change(int InstanceId);

public sealed record StockChanged(int InstanceId) : Change(InstanceId);

public sealed record OrdersChanged(int InstanceId) : Change(InstanceId);

public sealed record InstanceChanged(int InstanceId) : Change(InstanceId);
