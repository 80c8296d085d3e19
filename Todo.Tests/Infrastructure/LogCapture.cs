using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Todo.Tests.Infrastructure;

// Keeps every log line the API writes, exceptions included, for tests of what must never be logged.
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Line)> lines = new();

    public string Text => string.Join('\n', lines.Select(entry => entry.Line));

    // The lines an operator is paged for: Error and Critical (the console's fail and crit).
    public IEnumerable<string> Failures => lines.Where(entry => entry.Level >= LogLevel.Error).Select(entry => entry.Line);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    // Waits for a line holding every one of the parts, for what the server logs after the client has gone.
    public async Task WaitForLineAsync(params string[] parts)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!lines.Any(entry => parts.All(part => entry.Line.Contains(part, StringComparison.Ordinal))))
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    public void Clear() => lines.Clear();

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(LogLevel, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((logLevel, $"{logLevel} {category}: {formatter(state, exception)} {exception}"));
    }
}
