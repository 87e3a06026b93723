using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Inventory.Tests.TestSupport;

/// <summary>
/// The app in a process of its own (<c>dotnet Inventory.Blazor.dll</c>, built beside the tests, in
/// Development: the only environment the build output serves) on real Kestrel at a free loopback port, configured through environment variables.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    public const string AdminEmail = "owner@example.com";
    public const string AdminPassword = "two servers, one database";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private AppServer(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(100) };
    }

    public string BaseUrl { get; }

    /// <summary>Signed in as the administrator (an API token) once <see cref="SignInAsync"/> has run.</summary>
    public HttpClient Client { get; }

    /// <summary>What the server wrote, for a failing test's message.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static async Task<AppServer> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = Poll.FreeLoopbackPort();
        var folder = Path.Combine(AppFactory.RepositoryRoot(), "Inventory.Blazor", "bin", BuildConfiguration(), "net10.0");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "Inventory.Blazor.dll")])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // Development serves the packages' static files from the build output, as `dotnet run` does.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Admin__Email"] = AdminEmail;
        start.Environment["Admin__Password"] = AdminPassword;
        start.Environment["Demo__Seed"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new AppServer(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => server.Write(e.Data);
        process.ErrorDataReceived += (_, e) => server.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.UntilAsync(async () => (await server.Client.GetAsync("/health/live")).IsSuccessStatusCode, "to start");
        return server;
    }

    public async Task SignInAsync()
    {
        var response = await Client.PostAsJsonAsync("/api/auth/tokens", new { email = AdminEmail, password = AdminPassword, name = "tests" });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Polls <paramref name="condition"/> against a deadline (never a fixed wait); fails with the server's log.</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server at {BaseUrl} exited ({_process.ExitCode}):\n{Log}");
            try
            {
                if (await condition())
                    return;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The server at {BaseUrl} did not get {what}:\n{Log}");
            await Task.Delay(100);
        }
    }

    private void Write(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    /// <summary>Debug or Release: the tests' own, so the app binaries are the ones built with them.</summary>
    private static string BuildConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
