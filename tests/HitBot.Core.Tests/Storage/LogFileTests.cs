using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Tests.Storage;

/// <summary>
/// HitBot opens LiteDB's log file itself so that a commit is flushed to disk once, not once per page (LogFile): what
/// a commit wrote must still be in the files when the call returns, as a crash right after it would find them.
/// </summary>
public sealed class LogFileTests : IDisposable
{
    readonly TempDb temp = new();

    public void Dispose() => temp.Dispose();

    sealed record Row
    {
        public int Id { get; init; }
        public string Text { get; init; } = "";
    }

    static readonly string Padding = new('x', 3000); // about three rows a page: a batch of 60 writes many pages

    [Fact]
    public void A_transaction_of_many_pages_is_flushed_to_disk_once_and_a_read_flushes_nothing()
    {
        var rows = temp.Db.Collection<Row>("answers");
        rows.Insert(new Row { Text = "first" });
        var before = temp.Db.LogFlushes;

        temp.Db.InTransaction(() => rows.Insert(Enumerable.Range(0, 60).Select(i => new Row { Text = Padding + i })));
        Assert.Equal(before + 1, temp.Db.LogFlushes);

        Assert.Equal(61, rows.Count());
        Assert.Equal(before + 1, temp.Db.LogFlushes);
    }

    [Fact]
    public void A_write_outside_a_transaction_is_flushed_to_disk_before_it_returns()
    {
        var before = temp.Db.LogFlushes;
        temp.Db.Collection<Row>("answers").Insert(new Row { Text = "an answer" });
        Assert.Equal(before + 1, temp.Db.LogFlushes);
    }

    [Fact]
    public void What_a_commit_wrote_is_in_the_files_when_it_returns_as_a_crash_would_find_them()
    {
        temp.Db.InTransaction(() => temp.Db.Collection<Row>("answers").Insert(Enumerable.Range(0, 30).Select(i => new Row { Text = Padding + i })));
        temp.Db.Collection<Row>("answers").Insert(new Row { Text = "the last answer" });

        // The files as they are now, with HitBot still running: what a restart after a crash would open.
        var crashed = Path.Combine(temp.Folder, "crashed");
        System.IO.Directory.CreateDirectory(crashed);
        foreach (var name in new[] { "hitbot.db", "hitbot-log.db" })
            using (var source = new FileStream(Path.Combine(temp.Folder, name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var copy = File.Create(Path.Combine(crashed, name)))
                source.CopyTo(copy);

        using var reopened = new HitBotDb(Options.Create(new StorageOptions { Path = Path.Combine(crashed, "hitbot.db") }));
        var answers = reopened.Collection<Row>("answers");
        Assert.Equal(31, answers.Count());
        Assert.Contains(answers.FindAll(), r => r.Text == "the last answer");
    }

    [Fact]
    public void A_clean_stop_leaves_no_log_file_beside_the_database()
    {
        temp.Db.Collection<Row>("answers").Insert(new Row { Text = "an answer" });
        Assert.True(File.Exists(Path.Combine(temp.Folder, "hitbot-log.db")));

        var reopened = temp.Reopen();

        Assert.Equal(1, reopened.Collection<Row>("answers").Count());
        reopened.Dispose();
        Assert.False(File.Exists(Path.Combine(temp.Folder, "hitbot-log.db")));
    }
}
