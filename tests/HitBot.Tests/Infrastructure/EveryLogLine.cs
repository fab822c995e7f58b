using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// Every log line of every category, at whatever level the app's logging configuration lets through (as in production),
/// with its values, its exception and every scope opened (the JSON console writes scopes too), to search for what must
/// never be logged.
/// </summary>
public sealed class EveryLogLine : ILoggerProvider, ILogger
{
    readonly ConcurrentQueue<string> entries = new();
    public IReadOnlyCollection<string> Entries => entries;
    public ILogger CreateLogger(string categoryName) => this;
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull
    {
        entries.Enqueue("scope: " + Values(state));
        return null;
    }
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue($"{logLevel} {formatter(state, exception)} | {Values(state)} | {exception}");
    static string Values<TState>(TState state) => state is IEnumerable<KeyValuePair<string, object?>> values
        ? string.Join("; ", values.Select(v => $"{v.Key}={v.Value}")) : state?.ToString() ?? "";
    public void Dispose() { }
}
