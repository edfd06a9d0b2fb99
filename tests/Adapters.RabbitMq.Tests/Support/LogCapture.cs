using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SocketIO.Adapters.RabbitMq.Tests.Support;

/// <summary>One captured log line.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId Id, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Id.Id} {Category}: {Message}{(Exception is null ? "" : " — " + Exception.Message)}";
}

/// <summary>A logger factory that keeps every line at every level, so tests can check what was logged and how often.</summary>
public sealed class LogCapture : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>The lines with event id <paramref name="id"/>.</summary>
    public IReadOnlyList<LogEntry> WithId(int id) => [.. _entries.Where(e => e.Id.Id == id)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    public override string ToString() => string.Join('\n', Entries);

    private sealed class Logger(LogCapture sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
