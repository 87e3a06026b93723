namespace Inventory.Blazor;

/// <summary>
/// Which of the app's outputs may run where. The build output (bin/…) finds blazor.web.js and MudBlazor's
/// files through the static web assets manifest beside it, which ASP.NET Core reads in Development only; in
/// any other environment it would answer those files with 500s and every page would stay dead. A
/// published output carries the files themselves and has no such manifest.
/// </summary>
internal static class LaunchCheck
{
    /// <summary>Why this process must not serve, or null when it may.</summary>
    public static string? Refusal(WebApplicationBuilder builder)
    {
        // Under a test host the entry assembly is the test runner's, and its pages are served from the project.
        if (builder.Environment.IsDevelopment() || System.Reflection.Assembly.GetEntryAssembly() != typeof(Program).Assembly)
            return null;
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{builder.Environment.ApplicationName}.staticwebassets.runtime.json");
        return File.Exists(manifest)
            ? $"This is the build output ({AppContext.BaseDirectory}), which can serve the app's scripts only in Development, and the " +
              $"environment is {builder.Environment.EnvironmentName}: its pages would never become interactive. Publish it and run that " +
              "instead: dotnet publish Inventory.Blazor -c Release -o out, then dotnet out/Inventory.Blazor.dll. To try it out, " +
              "dotnet run --project Inventory.Blazor runs it in Development. See docs/operating.md."
            : null;
    }
}
