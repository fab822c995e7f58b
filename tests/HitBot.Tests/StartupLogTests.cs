using System.Collections.Concurrent;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HitBot.Tests;

/// <summary>The start-up lines a district's IT person reads to check what is on: each chat is said to be on or off, never both.</summary>
public sealed class StartupLogTests
{
    [Fact]
    public async Task Teams_on_with_a_tenant_is_reported_on_and_never_also_off()
    {
        var log = new StartupLines();
        await using var teams = await TeamsTestApp.StartWithAuthAsync(
            services: s => s.AddSingleton<ILoggerProvider>(log),
            settings: new() { ["HitBot:Teams:TenantId"] = "5d0c7a1e-2b3f-4c8d-9e6a-1f2b3c4d5e6f" });

        Assert.Contains(log.Lines, line => line.StartsWith("Teams is on for app " + TeamsTestApp.AppId, StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.StartsWith("Teams is off", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Contains("TenantId is empty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Teams_on_without_a_tenant_is_reported_on_with_the_warning_about_any_organisation()
    {
        var log = new StartupLines();
        await using var teams = await TeamsTestApp.StartWithAuthAsync(services: s => s.AddSingleton<ILoggerProvider>(log));

        Assert.Contains(log.Lines, line => line.StartsWith("Teams is on for app", StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.StartsWith("HitBot:Teams:TenantId is empty", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.StartsWith("Teams is off", StringComparison.Ordinal));
    }

    [Fact]
    public void Teams_off_is_reported_off_with_the_setting_that_turns_it_on()
    {
        var log = new StartupLines();
        using var app = new HitBotApp(new() { ["HitBot:Teams:Emulator"] = "false" }) { TestServices = s => s.AddSingleton<ILoggerProvider>(log) };
        _ = app.Services;

        Assert.Contains(log.Lines, line => line.StartsWith("Teams is off: set HitBot:Teams:AppId", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.StartsWith("Teams is on", StringComparison.Ordinal));
    }

    /// <summary>Keeps the formatted lines of HitBot's start-up category.</summary>
    sealed class StartupLines : ILoggerProvider, ILogger
    {
        readonly ConcurrentQueue<string> lines = new();
        public IReadOnlyCollection<string> Lines => lines;
        public ILogger CreateLogger(string categoryName) => categoryName == typeof(Hosting.StartupTasks).FullName ? this : NullLogger.Instance;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
        public void Dispose() { }
    }
}
