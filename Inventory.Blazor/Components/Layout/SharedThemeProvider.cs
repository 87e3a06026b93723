using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace Inventory.Blazor.Components.Layout;

/// <summary>
/// MudThemeProvider whose CSS is written once for the app, per light and dark: MudThemeProvider builds
/// the default theme's CSS variables (some 12,000 characters) on every render of every open page and keeps
/// them in that page's render tree, a copy of the same text per circuit.
/// </summary>
public sealed class SharedThemeProvider : MudThemeProvider
{
    private static readonly ConcurrentDictionary<bool, MarkupString> DefaultThemeCss = new();
    private static readonly MarkupString Scrollbar = new(BuildMudBlazorScrollbar());

    // As the layout binds it; the provider's own state is private (and never set otherwise here:
    // the system's dark mode is not watched).
    private bool _dark;

    public override Task SetParametersAsync(ParameterView parameters)
    {
        if (parameters.TryGetValue<bool>(nameof(IsDarkMode), out var dark))
            _dark = dark;
        return base.SetParametersAsync(parameters);
    }

    protected override void BuildRenderTree(RenderTreeBuilder __builder)
    {
        // A theme of its own could change between renders: only the default one is shared.
        if (Theme is not null)
        {
            base.BuildRenderTree(__builder);
            return;
        }
        if (!DefaultScrollbar)
            __builder.AddContent(0, Scrollbar);
        __builder.AddMarkupContent(1, "<style>.mud-chart-serie:hover, .mud-chart-serie-hovered { filter: url(#lighten); }</style>");
        __builder.AddContent(2, DefaultThemeCss.GetOrAdd(_dark, _ => new MarkupString(BuildTheme())));
    }
}
