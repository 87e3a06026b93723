using Microsoft.AspNetCore.Components;

namespace Inventory.Blazor.Components.Shared;

/// <summary>What a <see cref="PagedTable{TItem}"/> asks its loader for: one page, in one order.</summary>
/// <param name="SortBy">The sorted column's <see cref="TableColumn{TItem}.SortBy"/>, or null for the loader's own order.</param>
public sealed record TableRequest(int Page, int PageSize, string? SortBy, bool Descending);

/// <summary>One page of rows and how many rows there are in all.</summary>
public sealed record TablePage<TItem>(IReadOnlyList<TItem> Items, int Total);

/// <summary>
/// A column: its title, the key it sorts by (if it sorts), and its cell: plain <see cref="Text"/> (one
/// markup frame), or markup from <see cref="Cell"/> for anything richer. Never a component per cell.
/// </summary>
public sealed record TableColumn<TItem>(string Title, string? SortBy = null)
{
    public Func<TItem, string?>? Text { get; init; }

    public RenderFragment<TItem>? Cell { get; init; }
}
