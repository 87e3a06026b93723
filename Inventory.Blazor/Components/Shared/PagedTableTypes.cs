using Microsoft.AspNetCore.Components;

namespace Inventory.Blazor.Components.Shared;

/// <summary>What a <see cref="PagedTable{TItem}"/> asks its loader for: one page, in one order.</summary>
/// <param name="SortBy">The sorted column's <see cref="TableColumn{TItem}.SortBy"/>, or null for the loader's own order.</param>
public sealed record TableRequest(int Page, int PageSize, string? SortBy, bool Descending);

/// <summary>One page of rows and how many rows there are in all.</summary>
public sealed record TablePage<TItem>(IReadOnlyList<TItem> Items, int Total);

/// <summary>
/// A column: its title, the key it sorts by (if it sorts), and its cell: plain <see cref="Text"/> or
/// ready <see cref="Html"/> (one markup frame either way), or a <see cref="Cell"/> fragment for a cell
/// with an event handler. Never a component per cell: every frame of a row is kept twice per open page.
/// </summary>
public sealed record TableColumn<TItem>(string Title, string? SortBy = null)
{
    public Func<TItem, string?>? Text { get; init; }

    /// <summary>The cell's content as markup; every value in it must go through <see cref="MudMarkup.Encode"/>.</summary>
    public Func<TItem, string>? Html { get; init; }

    public RenderFragment<TItem>? Cell { get; init; }
}
