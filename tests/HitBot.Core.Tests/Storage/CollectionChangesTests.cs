using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Tests.Storage;

/// <summary>
/// The counters that tell a cache (an update's report) whether what it counted is still true: they move on every
/// committed write to their collection, and only then.
/// </summary>
public sealed class CollectionChangesTests : IDisposable
{
    readonly TempDb temp = new();

    ILiteCollection<BsonDocument> Notes => temp.Db.Collection<BsonDocument>("notes");

    long Now => temp.Db.Changes.Of("notes");

    [Fact]
    public void A_write_moves_its_collections_counter_and_a_read_or_another_collections_write_does_not()
    {
        var start = Now;
        Notes.Insert(new BsonDocument { ["_id"] = "a", ["Text"] = "one" });
        var afterInsert = Now;
        _ = Notes.FindAll().ToList();
        temp.Db.Collection<BsonDocument>("other").Insert(new BsonDocument { ["_id"] = "b" });
        var afterElsewhere = Now;
        Notes.Update(new BsonDocument { ["_id"] = "a", ["Text"] = "two" });
        Notes.Delete("a");

        Assert.True(afterInsert > start);
        Assert.Equal(afterInsert, afterElsewhere);
        Assert.True(Now > afterElsewhere + 1);
    }

    [Fact]
    public void A_routine_transaction_moves_the_counter_but_not_the_others_counter_and_the_next_write_moves_both()
    {
        temp.Db.InTransaction(() => Notes.Insert(new BsonDocument { ["_id"] = "a", ["Text"] = "one" }));
        var (all, others) = (Now, temp.Db.Changes.OthersOf("notes"));

        using (CollectionChanges.RoutineWrites())
            temp.Db.InTransaction(() => Notes.Update(new BsonDocument { ["_id"] = "a", ["Text"] = "sent" }));
        var (allAfterRoutine, othersAfterRoutine) = (Now, temp.Db.Changes.OthersOf("notes"));
        Notes.Delete("a");

        Assert.True(allAfterRoutine > all);
        Assert.Equal(others, othersAfterRoutine);
        Assert.True(temp.Db.Changes.OthersOf("notes") > othersAfterRoutine);
    }

    [Fact]
    public void A_transaction_moves_the_counter_again_when_it_commits_and_when_it_is_rolled_back()
    {
        long insideAfterWrite = 0;
        temp.Db.InTransaction(() =>
        {
            Notes.Insert(new BsonDocument { ["_id"] = "a" });
            insideAfterWrite = Now;
            return 0;
        });
        var committed = Now;
        Assert.Throws<InvalidOperationException>(() => temp.Db.InTransaction<int>(() =>
        {
            Notes.Insert(new BsonDocument { ["_id"] = "b" });
            throw new InvalidOperationException("the change is abandoned");
        }));
        var rolledBack = Now;

        // A reader that looked inside the transaction (before the commit made the row visible) sees a newer number after it.
        Assert.True(committed > insideAfterWrite);
        Assert.True(rolledBack > committed);
        Assert.Null(Notes.FindById("b"));
    }

    [Fact]
    public void An_insert_leaves_the_rewrites_counter_and_an_update_or_a_delete_moves_it()
    {
        // What a claim knows of a row (its state) holds while only new rows were added: the counts it keeps depend on it.
        long Rewrites() => temp.Db.Changes.RewritesOf("notes");
        var start = Rewrites();
        Notes.Insert(new BsonDocument { ["_id"] = "a", ["Text"] = "one" });
        temp.Db.InTransaction(() => Notes.Insert(new BsonDocument { ["_id"] = "b", ["Text"] = "two" }));
        var afterInserts = Rewrites();
        Notes.Update(new BsonDocument { ["_id"] = "a", ["Text"] = "changed" });
        var afterUpdate = Rewrites();
        Notes.Delete("b");
        var afterDelete = Rewrites();
        Notes.Upsert(new BsonDocument { ["_id"] = "a", ["Text"] = "again" });

        Assert.Equal(start, afterInserts);
        Assert.True(afterUpdate > afterInserts);
        Assert.True(afterDelete > afterUpdate);
        Assert.True(Rewrites() > afterDelete);
    }

    public void Dispose() => temp.Dispose();
}
