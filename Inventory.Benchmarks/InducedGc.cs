using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Inventory.Benchmarks;

/// <summary>
/// A full blocking GC in another .NET process, asked for the way dotnet-gcdump does: through the
/// runtime's diagnostics port, an EventPipe session on the runtime provider with the GCHeapCollect
/// keyword, which makes the runtime collect as the session starts. The same session asks System.Runtime
/// for its counters, and the managed heap's size after the collection (<c>gc-heap-size</c>, which is
/// GC.GetTotalMemory) is picked out of the trace by its name: the few bytes of the diagnostics IPC protocol
/// are written here rather than taking a package for them, and the trace is not otherwise parsed.
/// </summary>
internal static class InducedGc
{
    private const ulong GcKeyword = 0x1;
    private const ulong GcHeapCollectKeyword = 0x800000;
    private const uint Informational = 4;
    private const byte EventPipeCommands = 0x02;
    private const byte StopTracing = 0x01;
    private const byte CollectTracing2 = 0x03;
    private const byte ServerResponse = 0xFF;
    private const byte Ok = 0x00;

    private const uint Verbose = 5;
    private static readonly TimeSpan CounterWait = TimeSpan.FromSeconds(2.5);

    /// <summary>What a collection found.</summary>
    /// <param name="ManagedHeap">The managed heap's size after the collection, in bytes; null when no counter arrived.</param>
    public sealed record Result(long? ManagedHeap);

    /// <summary>
    /// Collects and reads the heap's size; null when the process has no diagnostics port
    /// (e.g. DOTNET_EnableDiagnostics=0).
    /// </summary>
    public static async Task<Result?> CollectAsync(int processId, CancellationToken ct = default)
    {
        var port = Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{processId}-*-socket").FirstOrDefault();
        if (port is null)
            return null;

        using var session = await ConnectAsync(port, ct);
        var payload = new List<byte>();
        payload.AddRange(UInt32(16));     // circular buffer, MB
        payload.AddRange(UInt32(1));      // format: nettrace
        payload.Add(0);                   // no rundown at the end
        payload.AddRange(UInt32(2));      // two providers
        payload.AddRange(UInt64(GcKeyword | GcHeapCollectKeyword));
        payload.AddRange(UInt32(Informational));
        payload.AddRange(Text("Microsoft-Windows-DotNETRuntime"));
        payload.AddRange(UInt32(0));      // no filter data
        payload.AddRange(UInt64(0));
        payload.AddRange(UInt32(Verbose));
        payload.AddRange(Text("System.Runtime"));
        payload.AddRange(Text("EventCounterIntervalSec=1"));
        await SendAsync(session, CollectTracing2, payload, ct);
        var sessionId = await ReadOkAsync(session, ct);

        // The runtime streams the trace on this socket until the session stops: keep it meanwhile. The
        // collection runs as the session is enabled; the counters come every second after it.
        var trace = ReadToEndAsync(session);
        await Task.Delay(CounterWait, ct);
        using (var stop = await ConnectAsync(port, ct))
        {
            await SendAsync(stop, StopTracing, UInt64(sessionId), ct);
            await ReadOkAsync(stop, ct);
        }
        return new Result(LastCounterMean(await trace.WaitAsync(TimeSpan.FromSeconds(10), ct), "gc-heap-size") is { } mb
            ? (long)(mb * 1_000_000)
            : null);
    }

    /// <summary>
    /// The Mean of the last EventCounters payload for <paramref name="counter"/>: its fields are written in
    /// order as Name, DisplayName (NUL-terminated UTF-16), then Mean (a double; gc-heap-size counts in MB of 10^6 bytes).
    /// </summary>
    private static double? LastCounterMean(byte[] trace, string counter)
    {
        var name = Encoding.Unicode.GetBytes(counter + "\0");
        var at = trace.AsSpan().LastIndexOf(name);
        if (at < 0)
            return null;
        var position = at + name.Length;
        while (position + 1 < trace.Length && (trace[position] != 0 || trace[position + 1] != 0))
            position += 2; // the display name
        position += 2;
        return position + 8 <= trace.Length ? BinaryPrimitives.ReadDoubleLittleEndian(trace.AsSpan(position)) : null;
    }

    private static async Task<Socket> ConnectAsync(string port, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(port), ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A command: the 20-byte header (magic, total size, command set and id, reserved) and its payload.</summary>
    private static async Task SendAsync(Socket socket, byte command, IReadOnlyCollection<byte> payload, CancellationToken ct)
    {
        var message = new List<byte>(Encoding.ASCII.GetBytes("DOTNET_IPC_V1\0"));
        message.AddRange(UInt16((ushort)(20 + payload.Count)));
        message.Add(EventPipeCommands);
        message.Add(command);
        message.AddRange(UInt16(0));
        message.AddRange(payload);
        await socket.SendAsync(message.ToArray(), SocketFlags.None, ct);
    }

    /// <summary>The answer's header and its 8-byte payload (a session id), or the error the runtime sent.</summary>
    private static async Task<ulong> ReadOkAsync(Socket socket, CancellationToken ct)
    {
        var header = await ReadExactlyAsync(socket, 20, ct);
        var size = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(14));
        var body = await ReadExactlyAsync(socket, size - 20, ct);
        if (header[16] != ServerResponse || header[17] != Ok || body.Length < 8)
            throw new InvalidOperationException($"The diagnostics port refused the command (set 0x{header[16]:X2}, id 0x{header[17]:X2}" +
                                                $"{(body.Length >= 4 ? $", hresult 0x{BinaryPrimitives.ReadUInt32LittleEndian(body):X8}" : "")}).");
        return BinaryPrimitives.ReadUInt64LittleEndian(body);
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, CancellationToken ct)
    {
        var buffer = new byte[count];
        for (var read = 0; read < count;)
        {
            var got = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, ct);
            if (got == 0)
                throw new IOException("The diagnostics port closed the connection mid-answer.");
            read += got;
        }
        return buffer;
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var trace = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int got;
            while ((got = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                trace.Write(buffer, 0, got);
        }
        catch (SocketException)
        {
            // The session ended.
        }
        return trace.ToArray();
    }

    private static byte[] UInt16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] UInt64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>A protocol string: its length in UTF-16 code units with the terminating NUL, then those code units.</summary>
    private static byte[] Text(string value)
    {
        var chars = Encoding.Unicode.GetBytes(value + "\0");
        return [.. UInt32((uint)(value.Length + 1)), .. chars];
    }
}
