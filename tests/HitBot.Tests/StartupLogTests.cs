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

    [Fact]
    public void A_local_run_with_a_made_up_token_does_not_send_the_newcomer_to_a_setting_they_never_set()
    {
        // "The admin API is on at /api/admin (bearer token from HitBot:Admin:Token)" printed right above the sign-in link,
        // on a run where nobody had set HitBot:Admin:Token: a newcomer went looking for a value that was not there.
        var log = new StartupLines();
        using var app = new HitBotApp(new()
        {
            ["environment"] = "Development", ["urls"] = "http://localhost:3978", ["HitBot:Admin:Token"] = "", ["HitBot:Teams:Emulator"] = "false",
        }) { TestServices = s => s.AddSingleton<ILoggerProvider>(log) };
        _ = app.Services;

        var line = Assert.Single(log.Lines, l => l.StartsWith("The admin API is on", StringComparison.Ordinal));
        Assert.DoesNotContain("from HitBot:Admin:Token", line, StringComparison.Ordinal);
        Assert.Contains("sign-in link", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void The_listening_line_gives_the_Teams_address_only_when_Teams_is_on_and_names_each_value_once(string emulator, bool teamsOn)
    {
        var log = new StartupLines();
        using var app = new HitBotApp(new() { ["HitBot:Teams:Emulator"] = emulator }) { TestServices = s => s.AddSingleton<ILoggerProvider>(log) };
        app.UseKestrel(0);
        app.StartServer();

        var (line, keys) = Assert.Single(log.Entries, e => e.Line.StartsWith("HitBot is listening on http://", StringComparison.Ordinal));
        Assert.Equal(teamsOn, line.Contains("/api/messages", StringComparison.Ordinal));
        Assert.Contains("/healthz", line, StringComparison.Ordinal);
        // The JSON console log writes each placeholder as a key of one object: a name twice is a key twice.
        Assert.Equal(keys.Distinct().Count(), keys.Count);
    }

    /// <summary>Keeps the formatted lines of HitBot's start-up category.</summary>
    [Fact]
    public void A_misspelt_setting_is_named_at_start_up_instead_of_being_ignored_without_a_word()
    {
        var log = new StartupLines();
        using var app = new HitBotApp(new()
        {
            ["HitBot:Progam:TimeZone"] = "America/Chicago", ["HitBot:Program:MaxNudgesPerWek"] = "2", ["HitBot:Teams:Colour"] = "blue",
        })
        {
            TestServices = s => s.AddSingleton<ILoggerProvider>(log),
        };
        _ = app.Services;

        var warned = log.Lines.Where(line => line.Contains("is not a HitBot setting", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["HitBot:Progam:TimeZone is not a HitBot setting and is ignored: did you mean HitBot:Program:TimeZone? (the README's Settings table lists every setting)",
             "HitBot:Program:MaxNudgesPerWek is not a HitBot setting and is ignored: did you mean HitBot:Program:MaxNudgesPerWeek? (the README's Settings table lists every setting)",
             "HitBot:Teams:Colour is not a HitBot setting and is ignored: check its spelling against the README's Settings table"],
            warned.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A misspelt section (<c>HitBot__Slak__BotToken</c>) was named as "HitBot:Slak" alone: the reader still had to find which
    /// of its lines and what it should have said, while Slack stayed off. Each key is named with the setting it was meant to be.
    /// </summary>
    [Fact]
    public void Each_key_under_a_misspelt_section_is_named_with_the_setting_it_was_most_likely_meant_to_be()
    {
        var log = new StartupLines();
        using var app = new HitBotApp(new() { ["HitBot:Slak:BotToken"] = "xoxb-1-2-3", ["HitBot:Slak:SigningSecret"] = "8f14e45fceea167a5a36dedd4bea2543" })
        {
            TestServices = s => s.AddSingleton<ILoggerProvider>(log),
        };
        _ = app.Services;

        var warned = log.Lines.Where(line => line.Contains("is not a HitBot setting", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, warned.Count);
        Assert.StartsWith("HitBot:Slak:BotToken is not a HitBot setting and is ignored: did you mean HitBot:Slack:BotToken?", warned[0], StringComparison.Ordinal);
        Assert.StartsWith("HitBot:Slak:SigningSecret is not a HitBot setting and is ignored: did you mean HitBot:Slack:SigningSecret?", warned[1], StringComparison.Ordinal);
        Assert.DoesNotContain(log.Lines, line => line.Contains("xoxb-1-2-3", StringComparison.Ordinal));
    }

    /// <summary>The lines one class writes (by default StartupTasks, the start-up summary).</summary>
    internal sealed class StartupLines(string? category = null) : ILoggerProvider, ILogger
    {
        readonly ConcurrentQueue<(string Line, IReadOnlyList<string> Keys)> entries = new();
        public IReadOnlyCollection<(string Line, IReadOnlyList<string> Keys)> Entries => entries;
        public IEnumerable<string> Lines => entries.Select(e => e.Line);
        public ILogger CreateLogger(string categoryName) => categoryName == (category ?? typeof(Hosting.StartupTasks).FullName) ? this : NullLogger.Instance;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((formatter(state, exception), state is IEnumerable<KeyValuePair<string, object?>> values ? [.. values.Select(v => v.Key)] : []));
        public void Dispose() { }
    }
}
