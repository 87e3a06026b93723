namespace Inventory.Domain.Notifications;

/// <summary>Something a page may show has changed in one instance; subscribers re-query.</summary>
public abstract record Change(int InstanceId);

public sealed record StockChanged(int InstanceId) : Change(InstanceId);

/// <summary>The stock files' history changed (a preview, a discard) while the stock itself did not.</summary>
public sealed record ImportsChanged(int InstanceId) : Change(InstanceId);

public sealed record OrdersChanged(int InstanceId) : Change(InstanceId);

public sealed record InstanceChanged(int InstanceId) : Change(InstanceId);

/// <summary>Anything may have changed (live updates were interrupted): every page re-queries what it shows.</summary>
public sealed record EverythingChanged() : Change(0);
