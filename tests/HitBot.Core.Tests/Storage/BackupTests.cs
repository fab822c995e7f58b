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

    public void Dispose() => temp.Dispose();
}
