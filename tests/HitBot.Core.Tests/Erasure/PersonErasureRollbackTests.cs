using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Erasure;

/// <summary>
/// An erasure whose first transaction fails while HitBot keeps running (a disk error, not a stop): the person is still on
/// the roster, so nothing in memory may treat them as erased — their answers count until the admin erases them again.
/// </summary>
public sealed class PersonErasureRollbackTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_failed_first_step_leaves_the_person_able_to_answer_and_a_second_erase_completes()
    {
        using var temp = new TempDb();
        PersonErasureCrashTests.MayaEverywhere(temp);
        var app = new PersonErasureCrashTests.App(temp);

        // The erasure's first transaction marks her, then the disk fails before it commits; this process goes on running.
        Assert.Throws<IOException>(() => temp.Db.InTransaction<int>(() =>
        {
            temp.Db.Erased.Begin("maya", ["Maya Lopez", "maya@example.org"], ["teams:29:maya"]);
            throw new IOException("No space left on device");
        }));

        Assert.NotNull(app.Directory.Find("maya"));
        Assert.False(temp.Db.Erased.Contains("maya"));
        Assert.False(temp.Db.Erased.NamedIn("Maya Lopez will call you"));
        Assert.False(temp.Db.Erased.ChatUnderWay("teams:29:maya"));
        // Her own change still lands: she changes her reaction to the update.
        app.Updates.React("u1", "maya", Reaction.NotHelpful, Now);
        Assert.Equal(Reaction.NotHelpful, app.Updates.ReactionOf("u1", "maya"));

        Assert.NotNull(app.Erasure.Erase("maya"));
        Assert.Null(app.Directory.Find("maya"));
        Assert.True(temp.Db.Erased.Contains("maya"));
    }
}
