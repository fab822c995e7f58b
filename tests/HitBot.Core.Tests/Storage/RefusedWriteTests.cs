using HitBot.Core.Storage;

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

    /// <summary>
    /// LiteDB 5.0.20 leaves the transaction whose write the disk refused undisposed, and its finalizer throws on the GC's
    /// thread once the file is closed and forgotten, which ends the whole process (exit 134) at a random later moment: a
    /// test host, or HitBot stopping after a full disk. The finalizer runs only once the thread that wrote has ended (its
    /// LiteDB slot keeps the transaction until then), so the writes go on a thread of their own. If this test fails, it
    /// fails by taking the test run down.
    /// </summary>
    [Fact]
    public void A_file_closed_after_refused_writes_leaves_nothing_that_ends_the_process_later()
    {
        Assert.Equal("No space left on device", OnAThreadOfItsOwn(() => RefuseAWriteOfEachKindAndClose(temp.Db)));
        temp.Reopen();

        for (var pass = 0; pass < 3; pass++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Null(temp.Db.ClosedBy);
        Assert.Equal(["before the disk filled"], temp.Db.Collection<Row>("answers").FindAll().Select(r => r.Text));
    }

    /// <summary>Runs <paramref name="work"/> on a thread that has ended when this returns, and nothing of which stays reachable.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static T OnAThreadOfItsOwn<T>(Func<T> work)
    {
        var result = default(T);
        var thread = new Thread(() => result = work());
        thread.Start();
        thread.Join();
        return result!;
    }

    /// <summary>A write in a transaction and one by itself, each refused; kept out of the test's frame so nothing of it stays reachable.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static string? RefuseAWriteOfEachKindAndClose(HitBotDb db)
    {
        db.Collection<Row>("answers").Insert(new Row { Text = "before the disk filled" });
        db.RefuseWrites(() => new IOException("No space left on device"));
        Assert.ThrowsAny<Exception>(() => db.InTransaction(() => db.Collection<Row>("answers").Insert(new Row { Text = "lost" })));
        Assert.ThrowsAny<Exception>(() => db.Collection<Row>("answers").Insert(new Row { Text = "lost too" }));
        db.RefuseWrites(null);
        return db.ClosedBy?.Message;
    }
}
