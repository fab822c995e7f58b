using HitBot.Core.Storage;
using HitBot.Hosting;
using HitBot.Teams;
using HitBot.Tests.Infrastructure;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HitBot.Tests;

/// <summary>
/// A background part that fails stops HitBot; the stop must read as a failure, or a service manager that restarts HitBot
/// on failure (the README's systemd unit) leaves it down, answering and sending nothing.
/// </summary>
public sealed class BackgroundFailureTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_background_part_that_fails_as_hitbot_starts_stops_it_with_one_line_naming_the_part()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("hitbot-failed-part-").FullName;
        var file = Path.Combine(folder, "hitbot.db");
        // A row of Teams' link-later queue its loop cannot read (as a disk error would make it): the loop throws once it runs.
        using (var db = new HitBotDb(Options.Create(new StorageOptions { Path = file })))
            db.Collection<BsonDocument>(PendingLinkStore.Collection).Insert(new BsonDocument { ["_id"] = "29:broken", ["DueAt"] = "soon" });

        var (exitCode, _, errors) = await LocalRunTests.RunHitBotAsync(folder, "--HitBot:Storage:Path=" + file, "--urls=http://127.0.0.1:0");

        // It ended in .NET's "Unhandled exception" and Kestrel's stack trace (a cancelled bind), naming nothing of HitBot's.
        Assert.True(exitCode == 1, $"exit {exitCode}: {errors}");
        Assert.StartsWith("hitbot: HitBot stopped because its TeamsLinkLater failed", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        System.IO.Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_background_part_that_fails_while_hitbot_runs_makes_it_exit_as_failed_naming_the_part()
    {
        var fail = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = new HitBotApp { TestServices = services => services.AddHostedService(_ => new FailingPart(fail.Task)) };
        var background = BackgroundFailure.Of(app.Services);
        var stopped = Stopped(app.Get<IHostApplicationLifetime>());

        fail.SetResult();
        // The host stops by itself, and its run ends as a clean stop's does (exit code 0 without this check).
        await stopped.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var problem = background.Problem();
        Assert.NotNull(problem);
        Assert.Contains("HitBot stopped because its FailingPart failed (No space left on device)", problem, StringComparison.Ordinal);
        Assert.Contains("Exiting with code 1", problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// LiteDB closes the file when the disk refuses a write, and every answer and send fails from then on until the file is
    /// opened again. HitBot kept running, answering errors; under systemd, which never probes /healthz, nothing restarted it
    /// and nobody heard of it. It stops as failed, so the service manager starts it again once there is room.
    /// </summary>
    [Fact]
    public async Task A_disk_that_refuses_a_write_stops_hitbot_as_failed_naming_the_file_and_the_reason()
    {
        await using var app = new HitBotApp();
        var background = BackgroundFailure.Of(app.Services);
        var stopped = Stopped(app.Get<IHostApplicationLifetime>());
        var db = app.Get<HitBotDb>();

        db.RefuseWrites(() => new IOException("No space left on device"));
        Assert.ThrowsAny<IOException>(() => db.Collection<BsonDocument>("answers").Insert(new BsonDocument { ["Text"] = "lost" }));
        await stopped.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var problem = background.Problem();
        Assert.NotNull(problem);
        Assert.Contains("HitBot stopped because its DatabaseFileWatch failed (the disk refused a write to the database file " + db.FilePath, problem, StringComparison.Ordinal);
        Assert.Contains("No space left on device", problem, StringComparison.Ordinal);
        Assert.Contains("Exiting with code 1", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clean_stop_is_not_a_failure()
    {
        await using var app = new HitBotApp();
        var lifetime = app.Get<IHostApplicationLifetime>();
        var background = BackgroundFailure.Of(app.Services);

        lifetime.StopApplication();
        await Stopped(lifetime).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Null(background.Problem());
    }

    static Task Stopped(IHostApplicationLifetime lifetime)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStopped.Register(() => stopped.TrySetResult());
        return stopped.Task;
    }

    /// <summary>A part whose loop throws once it runs, as the Slack inbox worker did when the disk refused a write.</summary>
    sealed class FailingPart(Task fail) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await fail.WaitAsync(stoppingToken);
            throw new IOException("No space left on device");
        }
    }
}
