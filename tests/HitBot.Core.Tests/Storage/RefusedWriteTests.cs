namespace HitBot.Core.Tests.Storage;

/// <summary>
/// A full disk, or one remounted read-only, refuses HitBot's writes: /readyz reads what the storage layer remembers of
/// the refusal, and a restart once the disk takes writes again must carry on from the last write that went through.
/// </summary>
public sealed class RefusedWriteTests : IDisposable
{
    readonly TempDb temp = new();

    public void Dispose() => temp.Dispose();

    sealed record Row
    {
        public int Id { get; init; }
        public string Text { get; init; } = "";
    }

    [Fact]
    public void A_refused_write_is_remembered_with_the_systems_reason_and_a_restart_keeps_every_earlier_write()
    {
        temp.Db.Collection<Row>("answers").Insert(new Row { Text = "before the disk filled" });
        Assert.Null(temp.Db.WriteRefused);

        temp.Db.RefuseWrites(() => new IOException("No space left on device"));
        Assert.ThrowsAny<IOException>(() => temp.Db.InTransaction(() => temp.Db.Collection<Row>("answers").Insert(new Row { Text = "lost" })));
        var refused = temp.Db.WriteRefused;
        temp.Db.RefuseWrites(null);
        var restarted = temp.Reopen();

        Assert.Equal("No space left on device", refused?.Message);
        Assert.Null(restarted.WriteRefused);
        Assert.Equal(["before the disk filled"], restarted.Collection<Row>("answers").FindAll().Select(r => r.Text));
        restarted.Collection<Row>("answers").Insert(new Row { Text = "after the restart" });
        Assert.Equal(2, restarted.Collection<Row>("answers").Count());
    }
}
