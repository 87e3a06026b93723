using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Inventory.Tests.TestSupport;

/// <summary>
/// A small HTTP server on a loopback port that answers every request with <paramref name="answer"/> and
/// keeps what it was sent: the machine inside the network that a hostile address would aim at.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Each request as "METHOD path" with its body.</summary>
    public ConcurrentQueue<(string Request, string Body)> Received { get; } = new();

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            server.Received.Enqueue(($"{context.Request.Method} {context.Request.Path}", await reader.ReadToEndAsync()));
            await answer(context);
        });
        await app.StartAsync();
        server.Address = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
