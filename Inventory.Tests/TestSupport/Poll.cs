using System.Net;
using System.Net.Sockets;

namespace Inventory.Tests.TestSupport;

/// <summary>Waiting on what runs beside a test (a server, Redis): polled against a deadline, never a fixed wait.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true within a minute");
            await Task.Delay(20);
        }
    }

    public static Task UntilAsync(Func<bool> condition) => UntilAsync(() => Task.FromResult(condition()));

    /// <summary>Reads <paramref name="read"/> until <paramref name="done"/> says yes, and returns that value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await read();
        await UntilAsync(async () => done(value = await read()));
        return value;
    }

    /// <summary>A loopback port nothing listens on now, for a server a test starts.</summary>
    public static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
