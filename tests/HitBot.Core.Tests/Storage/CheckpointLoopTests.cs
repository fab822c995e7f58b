using HitBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Storage;

/// <summary>
/// Checkpoints (LiteDB copying its log into the data file) run from a background loop, not inside a request's commit:
/// when writes pause, or when the log reaches its limit under writes that never pause. A clean stop still checkpoints.
/// </summary>
public sealed class CheckpointLoopTests : IAsyncDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    readonly CheckpointProgress progress = new();
    readonly CheckpointLoop loop;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public CheckpointLoopTests() => loop = new(temp.Db, new CheckpointSignal(), progress, time, NullLogger<CheckpointLoop>.Instance);

    sealed record Row
    {
        public int Id { get; init; }
        public string Text { get; init; } = "";
    }

    static readonly string Padding = new('x', 3000);

    string LogPath => Path.Combine(temp.Folder, "hitbot-log.db");
    long LogBytes => new FileInfo(LogPath).Length;

    /// <summary>Writes about <paramref name="megabytes"/> MB of rows, one commit per MB.</summary>
    void Write(int megabytes)
    {
        var rows = temp.Db.Collection<Row>("answers");
        for (var mb = 0; mb < megabytes; mb++)
            temp.Db.InTransaction(() => rows.Insert(Enumerable.Range(0, 330).Select(i => new Row { Text = Padding + i })));
    }

    /// <summary>Writes 10 rows (about 40 KB) per commit until the log holds at least <paramref name="bytes"/>; returns how many rows.</summary>
    int WriteUntilLogHolds(long bytes)
    {
        var rows = temp.Db.Collection<Row>("answers");
        var written = 0;
        while (!File.Exists(LogPath) || LogBytes < bytes)
        {
            temp.Db.InTransaction(() => rows.Insert(Enumerable.Range(0, 10).Select(i => new Row { Text = Padding + i })));
            written += 10;
        }
        return written;
    }

    /// <summary>Moves the clock to the loop's next look and waits until it has looked.</summary>
    async Task NextLookAsync()
    {
        var looks = progress.Looks;
        time.Advance(CheckpointLoop.Look);
        await progress.WaitForAsync(() => progress.Looks > looks, Guard, Ct);
    }

    /// <summary>The data file alone, as it is now, opened without its log: what a checkpoint has put there.</summary>
    int RowsInDataFileAlone()
    {
        var copy = Path.Combine(temp.Folder, "data-only");
        System.IO.Directory.CreateDirectory(copy);
        using (var source = new FileStream(temp.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var target = File.Create(Path.Combine(copy, "hitbot.db")))
            source.CopyTo(target);
        using var db = new HitBotDb(Options.Create(new StorageOptions { Path = Path.Combine(copy, "hitbot.db") }));
        return db.Collection<Row>("answers").Count();
    }

    [Fact]
    public async Task Writes_that_pause_are_checkpointed_into_the_data_file_and_the_log_emptied()
    {
        await loop.StartAsync(Ct);
        await progress.WaitForAsync(() => progress.Looks > 0, Guard, Ct);
        // A new file's own schema writes can fill the log past the busy size: the first look may checkpoint them.
        var already = progress.Checkpoints;
        var written = WriteUntilLogHolds(CheckpointLoop.QuietLogBytes);

        await NextLookAsync();
        Assert.Equal(already, progress.Checkpoints);
        Assert.InRange(LogBytes, CheckpointLoop.QuietLogBytes, CheckpointLoop.BusyLogBytes - 1);
        await NextLookAsync();

        Assert.Equal(already + 1, progress.Checkpoints);
        Assert.True(LogBytes <= 16 * 1024, $"the log holds {LogBytes} bytes");
        Assert.Equal(written, RowsInDataFileAlone());
    }

    [Fact]
    public async Task Writes_that_never_pause_are_not_held_up_by_a_checkpoint_until_the_log_reaches_its_limit()
    {
        await loop.StartAsync(Ct);
        await progress.WaitForAsync(() => progress.Looks > 0, Guard, Ct);
        var already = progress.Checkpoints;

        // Each look finds new commits (never quiet) and a log above the quiet size but under the limit: no checkpoint.
        var written = 0;
        for (var i = 0; i < 2; i++)
        {
            written += WriteUntilLogHolds(CheckpointLoop.QuietLogBytes + i * (CheckpointLoop.BusyLogBytes - CheckpointLoop.QuietLogBytes) / 2);
            await NextLookAsync();
        }
        Assert.Equal(already, progress.Checkpoints);
        Assert.InRange(LogBytes, CheckpointLoop.QuietLogBytes, CheckpointLoop.BusyLogBytes - 1);
        written += WriteUntilLogHolds(CheckpointLoop.BusyLogBytes);
        await NextLookAsync();

        Assert.Equal(already + 1, progress.Checkpoints);
        Assert.True(LogBytes <= 16 * 1024, $"the log holds {LogBytes} bytes");
        Assert.Equal(written, RowsInDataFileAlone());
    }

    [Fact]
    public void A_clean_stop_leaves_every_commit_in_the_data_file_and_no_log()
    {
        Write(megabytes: 2);

        temp.Db.Dispose();

        Assert.False(File.Exists(LogPath), "the log is checkpointed and deleted at a clean stop");
        Assert.Equal(660, RowsInDataFileAlone());
    }

    public async ValueTask DisposeAsync()
    {
        await loop.StopAsync(CancellationToken.None);
        loop.Dispose();
        temp.Dispose();
    }
}
