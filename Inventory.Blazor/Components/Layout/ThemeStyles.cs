using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using MudBlazor;

namespace Inventory.Blazor.Components.Layout;

/// <summary>
/// MudThemeProvider's stylesheet for the default theme, light or dark, written once for the app. A
/// MudThemeProvider on every open page kept a theme of its own (its palettes, some hundred colours) and,
/// through JS interop, watched the system's dark mode, which the app does not follow: the toggle decides.
/// </summary>
public sealed class ThemeStyles : ComponentBase
{
    private static readonly Lazy<MarkupString> Light = new(() => Render(dark: false));
    private static readonly Lazy<MarkupString> Dark = new(() => Render(dark: true));

    [Parameter] public bool IsDarkMode { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, (IsDarkMode ? Dark : Light).Value);

    /// <summary>What MudThemeProvider writes, rendered once to HTML, off any circuit's thread.</summary>
    private static MarkupString Render(bool dark) => Task.Run(async () =>
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IJSRuntime, NoJavaScript>()
            .BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
                [nameof(MudThemeProvider.ObserveSystemDarkModeChange)] = false,
            });
            var html = await renderer.RenderComponentAsync<MudThemeProvider>(parameters);
            return new MarkupString(html.ToHtmlString());
        });
    }).GetAwaiter().GetResult();

    /// <summary>HTML rendering runs no script: what MudThemeProvider asks of one (when it is disposed) is answered with nothing.</summary>
    private sealed class NoJavaScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            ValueTask.FromResult(default(TValue)!);
    }
}
