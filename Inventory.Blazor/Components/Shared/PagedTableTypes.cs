using Microsoft.AspNetCore.Components;

namespace Inventory.Blazor.Components.Shared;

/// <summary>What a <see cref="PagedTable{TItem}"/> asks its loader for: one page, in one order.</summary>
/// <param name="SortBy">The sorted column's <see cref="TableColumn{TItem}.SortBy"/>, or null for the loader's own order.</param>
public sealed record TableRequest(int Page, int PageSize, string? SortBy, bool Descending);

/// <summary>One page of rows and how many rows there are in all.</summary>
public sealed record TablePage<TItem>(IReadOnlyList<TItem> Items, int Total);

/// <summary>A column: its title, its cell as markup (never a component per cell), and the key it sorts by, if it sorts.</summary>
public sealed record TableColumn<TItem>(string Title, RenderFragment<TItem> Cell, string? SortBy = null);
