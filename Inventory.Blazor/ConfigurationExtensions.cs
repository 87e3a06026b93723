using Microsoft.Extensions.Configuration.Json;

namespace Inventory.Blazor;

internal static class ConfigurationExtensions
{
    /// <summary>
    /// The repository-root appsettings.json is the app's configuration. The build copies it beside the
    /// binaries, so it is found whatever the working directory; it goes first, so the content root's
    /// settings files, environment variables and the command line still override it.
    /// </summary>
    public static IConfigurationBuilder AddRepositoryAppSettings(this IConfigurationManager configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        configuration.Sources.Insert(0, source);
        return configuration;
    }
}
