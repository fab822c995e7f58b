using Microsoft.Extensions.Logging;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// The host's log written into the output of the test that started it, which the runner shows beside a failure. Every
/// test's host logs to the same console, so a failure seen once in CI (a background loop that never took its work) could
/// not be tied to its own lines; here they are the failing test's own, each with the time it was written.
/// </summary>
/// <remarks>The app's logging filters apply as for the console. Lines written after the test ended are dropped.</remarks>
sealed class TestOutputLog(ITestOutputHelper? output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Category(output, ShortName(categoryName));

    public void Dispose() { }

    static string ShortName(string category) => category[(category.LastIndexOf('.') + 1)..];

    sealed class Category(ITestOutputHelper? output, string name) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => output is not null && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (output is null) return;
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} [{Environment.CurrentManagedThreadId}] {logLevel} {name}[{eventId.Id}] {formatter(state, exception)}";
            if (exception is not null) line += Environment.NewLine + exception;
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test is over (a host stopping after its test returned): nobody reads these lines any more.
            }
        }
    }
}
