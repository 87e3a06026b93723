namespace Inventory.Domain.Common;

/// <summary>One page of a server-side paged list, with the total across all pages.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);
