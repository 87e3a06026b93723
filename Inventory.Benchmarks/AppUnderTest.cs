using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Inventory.Benchmarks;

/// <summary>
/// The app in a process of its own, for the browser benchmarks: <c>dotnet Inventory.Blazor.dll</c> from
/// the Release build output in Development (the only environment the build output serves), its own process on real Kestrel at a free loopback port, a SQLite database
/// in a temporary folder, configured through environment variables (as Inventory.Tests' AppServer does).
/// Disposing kills its process tree and deletes the folder.
/// </summary>
internal sealed class AppUnderTest : IAsyncDisposable
{
    public const string AdminEmail = "bench@example.com";
    public const string AdminPassword = "benchmarks measure, they do not guess";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _log = new();
    private readonly List<LineCounter> _counters = [];

    private AppUnderTest(Process process, string folder, string baseUrl)
    {
        _process = process;
        _folder = folder;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(100) };
    }

    public string BaseUrl { get; }

    /// <summary>Signed in as the administrator (a bearer token) once <see cref="SignInAsync"/> has run.</summary>
    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    /// <summary>The GC the app runs with, from its runtimeconfig.json (the Web SDK turns server GC on).</summary>
    public static string GcMode
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(BinFolder(), "Inventory.Blazor.runtimeconfig.json")));
                var server = document.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
                    && properties.TryGetProperty("System.GC.Server", out var value) && value.GetBoolean();
                return server ? "server GC (the Web SDK's default)" : "workstation GC";
            }
            catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return "GC mode unknown";
            }
        }
    }

    /// <summary>What the server wrote, for a failure's message.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>
    /// Builds Inventory.Blazor in Release (unless <paramref name="build"/> is false), then starts it with
    /// <paramref name="settings"/> on top of the benchmark's own, and waits until /health/live answers.
    /// </summary>
    public static async Task<AppUnderTest> StartAsync(bool build, bool demo, IReadOnlyDictionary<string, string>? settings = null)
    {
        if (build)
            await BuildAsync(RepositoryRoot());
        var bin = BinFolder();
        var dll = Path.Combine(bin, "Inventory.Blazor.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"No {dll}: run `dotnet build Inventory.Blazor -c Release` (or drop --no-build).");

        var folder = Directory.CreateTempSubdirectory("inventory-bench-app-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = bin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // Development serves the packages' static files from the build output, as `dotnet run` does.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Inventory"] = $"Data Source={Path.Combine(folder, "inventory.db")};Default Timeout=60";
        start.Environment["Demo__Seed"] = demo ? "true" : "false";
        start.Environment["Admin__Email"] = AdminEmail;
        start.Environment["Admin__Password"] = AdminPassword;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
        var app = new AppUnderTest(process, folder, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => app.Write(e.Data);
        process.ErrorDataReceived += (_, e) => app.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.UntilLiveAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>An API token for the administrator, sent with every later call of <see cref="Client"/>.</summary>
    public async Task SignInAsync()
    {
        var response = await Client.PostAsJsonAsync("/api/auth/tokens", new { email = AdminEmail, password = AdminPassword, name = "benchmarks" });
        await EnsureAsync(response, "sign in for a token");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Throws with the response's body and the server's log when a call did not succeed.</summary>
    public async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync();
        throw new InvalidOperationException($"The server did not {what}: {(int)response.StatusCode} {body}\n{Log}");
    }

    /// <summary>The server's resident memory (VmRSS, what Process.WorkingSet64 reports) and its anonymous part (RssAnon).</summary>
    public (long Resident, long Anonymous) Memory()
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"The server exited ({_process.ExitCode}):\n{Log}");
        long resident = -1, anonymous = -1;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    resident = Kilobytes(line) * 1024;
                else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                    anonymous = Kilobytes(line) * 1024;
            }
        }
        catch (IOException)
        {
            // No procfs (not Linux): the working set the runtime reports.
        }
        if (resident < 0)
        {
            _process.Refresh();
            resident = _process.WorkingSet64;
        }
        return (resident, anonymous);
    }

    private static long Kilobytes(string statusLine) =>
        long.Parse(statusLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>Counts the server's output lines matching <paramref name="match"/> from now until the returned handle is disposed.</summary>
    public LineCounter CountLines(Func<string, bool> match)
    {
        var counter = new LineCounter(this, match);
        lock (_counters)
            _counters.Add(counter);
        return counter;
    }

    internal sealed class LineCounter(AppUnderTest app, Func<string, bool> match) : IDisposable
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Offer(string line)
        {
            if (match(line))
                Interlocked.Increment(ref _count);
        }

        public void Dispose()
        {
            lock (app._counters)
                app._counters.Remove(this);
        }
    }

    private async Task UntilLiveAsync()
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server at {BaseUrl} exited ({_process.ExitCode}):\n{Log}");
            try
            {
                using var response = await Client.GetAsync("/health/live");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The server at {BaseUrl} did not answer /health/live within {StartDeadline.TotalSeconds:0} s:\n{Log}");
            await Task.Delay(100);
        }
    }

    private void Write(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
        lock (_counters)
            foreach (var counter in _counters)
                counter.Offer(line);
    }

    private static async Task BuildAsync(string root)
    {
        Report.Progress("dotnet build Inventory.Blazor -c Release -v q");
        var start = new ProcessStartInfo("dotnet", ["build", "Inventory.Blazor", "-c", "Release", "-v", "q", "-nologo"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var build = Process.Start(start) ?? throw new InvalidOperationException("dotnet build did not start.");
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        if (build.ExitCode != 0)
            throw new InvalidOperationException($"dotnet build Inventory.Blazor -c Release failed ({build.ExitCode}):\n{await output}{await errors}");
    }

    private static string BinFolder() => Path.Combine(RepositoryRoot(), "Inventory.Blazor", "bin", "Release", "net10.0");

    /// <summary>The folder holding Inventory.sln, found upwards from the benchmark's binaries.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Inventory.sln")))
                return folder.FullName;
        throw new InvalidOperationException($"No Inventory.sln above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not delete {_folder}: {ex.Message}");
            }
        }
    }
}
