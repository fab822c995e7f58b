using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Tests.Storage;

public sealed class BackupTests : IDisposable
{
    readonly TempDb temp = new();

    public sealed record Entry
    {
        public int Id { get; init; }
    }

    [Fact]
    public async Task A_backup_taken_while_writes_keep_coming_holds_every_write_before_it_and_none_torn()
    {
        var entries = temp.Db.Collection<Entry>("entries");
        for (var i = 1; i <= 500; i++) entries.Insert(new Entry { Id = i });
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            // One entry per commit, in order (LiteDB reads an id of 0 as "make one"): a consistent copy holds 1..k with no gap.
            var next = 501;
            while (!stop.IsCancellationRequested) entries.Insert(new Entry { Id = next++ });
            return next;
        }, TestContext.Current.CancellationToken);
        var target = Path.Combine(temp.Folder, "backup.db");

        var version = temp.Db.BackupTo(target);
        await stop.CancelAsync();
        var written = await writer;

        Assert.Equal(temp.Db.SchemaVersion, version);
        using var copy = new HitBotDb(Options.Create(new StorageOptions { Path = target }));
        var ids = copy.Collection<Entry>("entries").FindAll().Select(e => e.Id).Order().ToList();
        Assert.True(ids.Count >= 500);
        Assert.Equal(Enumerable.Range(1, ids.Count), ids);
        Assert.Equal(written - 1, temp.Db.Collection<Entry>("entries").Count());
    }

    [Fact]
    public void A_backup_never_overwrites_an_existing_file()
    {
        var target = Path.Combine(temp.Folder, "exists.db");
        File.WriteAllText(target, "keep me");

        Assert.Throws<IOException>(() => temp.Db.BackupTo(target));
        Assert.Equal("keep me", File.ReadAllText(target));
    }

    [Fact]
    public void A_restored_backup_says_once_when_it_was_taken_and_how_many_messages_it_still_holds_waiting()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        var address = new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:ana", ConversationId = "a:ana" };
        var takenAt = new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);
        outbox.TryEnqueue(Delivery.Send("update:u1:ana", "update:u1", "ana", address, Message.Text("Week 6"), takenAt));
        outbox.TryEnqueue(Delivery.Send("update:u1:ben", "update:u1", "ben", address, Message.Text("Week 6"), takenAt));
        var target = Path.Combine(temp.Folder, "backup.db");

        temp.Db.BackupTo(target, takenAt);
        var logLeftBeside = File.Exists(Path.Combine(temp.Folder, "backup-log.db"));
        using var restored = new HitBotDb(Options.Create(new StorageOptions { Path = target }));

        Assert.Null(temp.Db.TakeRestoredBackupMark());
        Assert.Equal(takenAt, restored.TakeRestoredBackupMark());
        Assert.Null(restored.TakeRestoredBackupMark());
        Assert.Equal(2, new OutboxStore(restored, new OutboxSignal()).WaitingCount());
        Assert.False(logLeftBeside);
    }

    /// <summary>
    /// A restore after HitBot stopped uncleanly, with the old hitbot-log.db left beside the backup copy (README: delete it):
    /// LiteDB replayed the old file's log into the copy, the start said "damaged … HitBot did not change it" though the copy
    /// had been written over, and the next start opened the old installation's data as if the restore had not happened.
    /// </summary>
    [Fact]
    public void A_restored_backup_with_the_old_log_file_beside_it_is_refused_and_left_as_the_backup_was()
    {
        var entries = temp.Db.Collection<Entry>("entries");
        for (var i = 1; i <= 50; i++) temp.Db.InTransaction(() => entries.Insert(new Entry { Id = i }));
        var backup = Path.Combine(temp.Folder, "backup.db");
        temp.Db.BackupTo(backup, new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero));
        for (var i = 51; i <= 300; i++) temp.Db.InTransaction(() => entries.Insert(new Entry { Id = i }));
        temp.Db.Checkpoint();
        for (var i = 301; i <= 400; i++) temp.Db.InTransaction(() => entries.Insert(new Entry { Id = i }));
        var log = Path.Combine(temp.Folder, "hitbot-log.db");
        var leftByTheCrash = File.ReadAllBytes(log);
        temp.Db.Dispose();
        File.Copy(backup, temp.FilePath, overwrite: true);
        File.WriteAllBytes(log, leftByTheCrash);

        var refused = Assert.Throws<DatabaseDamagedException>(() => new HitBotDb(Options.Create(new StorageOptions { Path = temp.FilePath })));

        Assert.Contains(log, refused.Message, StringComparison.Ordinal);
        Assert.Contains("delete", refused.Message, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(backup), File.ReadAllBytes(temp.FilePath));
        File.Delete(log);
        using var restored = temp.Reopen();
        Assert.Equal(50, restored.Collection<Entry>("entries").Count());
    }

    /// <summary>The log a restored file's own first start left (it stopped uncleanly after it) is its own: read back, not refused.</summary>
    [Fact]
    public void A_restored_backup_that_stopped_uncleanly_after_its_first_start_opens_with_its_own_log()
    {
        var backup = Path.Combine(temp.Folder, "backup.db");
        temp.Db.BackupTo(backup, new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero));
        temp.Db.Dispose();
        File.Copy(backup, temp.FilePath, overwrite: true);
        var log = Path.Combine(temp.Folder, "hitbot-log.db");
        byte[] data, logged;
        using (var first = new HitBotDb(Options.Create(new StorageOptions { Path = temp.FilePath })))
        {
            first.TakeRestoredBackupMark();
            first.InTransaction(() => first.Collection<Entry>("entries").Insert(new Entry { Id = 7 }));
            (data, logged) = (File.ReadAllBytes(temp.FilePath), File.ReadAllBytes(log));
        }
        File.WriteAllBytes(temp.FilePath, data);
        File.WriteAllBytes(log, logged);

        var again = temp.Reopen();

        Assert.Equal(7, Assert.Single(again.Collection<Entry>("entries").FindAll()).Id);
        Assert.Null(again.TakeRestoredBackupMark());
    }

    public void Dispose() => temp.Dispose();
}
