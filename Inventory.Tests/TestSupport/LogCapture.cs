using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Inventory.Tests.TestSupport;

/// <summary>Keeps every log line the app writes (message, scope-less, with its exception), so a test can search them.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    public string All => string.Join("\n", Lines);

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
