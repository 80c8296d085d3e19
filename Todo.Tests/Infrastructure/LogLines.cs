using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Todo.Tests.Infrastructure;

// What the API logged (ApiSetup.Logs), read as lines: level, category, message and exception, as the console
// shows them, for tests of what must or must never be logged.
internal static class LogLines
{
    extension(FakeLogCollector logs)
    {
        public string Text => string.Join('\n', logs.GetSnapshot().Select(Line));

        // The lines an operator is paged for: Error and Critical (the console's fail and crit).
        public IReadOnlyList<string> Failures => logs.FailuresExcept();

        public IReadOnlyList<string> FailuresExcept(params string[] categories) =>
            [.. logs.GetSnapshot().Where(record => record.Level >= LogLevel.Error && !categories.Contains(record.Category)).Select(Line)];

        // Waits for a line holding every one of the parts, for what the server logs after the client has gone.
        public async Task WaitForLineAsync(params string[] parts)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (!logs.GetSnapshot().Select(Line).Any(line => parts.All(part => line.Contains(part, StringComparison.Ordinal))))
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    private static string Line(FakeLogRecord record) => $"{record.Level} {record.Category}: {record.Message} {record.Exception}";
}
