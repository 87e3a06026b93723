using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Inventory.Tests.TestSupport;

/// <summary>
/// A real redis-server of the test's own, on a free loopback port, that a test may stop and start again
/// (Debian's package: <c>apt-get install redis-server</c>; CI installs it).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    public int Port { get; } = Poll.FreeLoopbackPort();

    /// <summary>The configuration string a notifier is given.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000";

    public async Task StartAsync()
    {
        var executable = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        _process = Process.Start(new ProcessStartInfo(executable,
            $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no --protected-mode yes")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start; apt-get install redis-server.");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        // Ready when it accepts a connection: polled against a deadline, not a fixed wait.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async Task StopAsync()
    {
        if (_process is null)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
