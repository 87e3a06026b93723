using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Inventory.Blazor.Components.Shared;

/// <summary>
/// Renders <see cref="ChildContent"/> in a render tree of its own. A component keeps its last two render
/// trees in arrays that double as they grow (32, 64, … 2,048 frames of 40 bytes): a grid's rows and its
/// chrome, kept apart, each fit an array half the size they need together.
/// </summary>
public sealed class RenderIsland : ComponentBase
{
    [Parameter] public RenderFragment? ChildContent { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, ChildContent);
}
