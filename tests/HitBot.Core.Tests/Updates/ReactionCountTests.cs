using HitBot.Core.Updates;
using LiteDB;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// The "helpful / not helpful" counts in an update's report: one per person, their latest choice, kept beside the
/// reactions (schema 20) so a report reads one document instead of every reaction.
/// </summary>
public sealed class ReactionCountTests : IDisposable
{
    readonly UpdatesUnderTest app = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));

    (int Helpful, int NotHelpful) Counts(string updateId)
    {
        var counts = app.Updates.CountReactions(updateId);
        return (counts[Reaction.Helpful], counts[Reaction.NotHelpful]);
    }

    [Fact]
    public void A_reaction_changed_then_pressed_again_counts_once_as_the_latest_choice()
    {
        var now = app.Time.GetUtcNow();
        app.Updates.React("u1", "maya", Reaction.Helpful, now);
        app.Updates.React("u1", "maya", Reaction.NotHelpful, now);
        app.Updates.React("u1", "maya", Reaction.NotHelpful, now);
        app.Updates.React("u1", "kim", Reaction.Helpful, now);
        app.Updates.React("u1", "kim", Reaction.Helpful, now);
        app.Updates.React("u2", "kim", Reaction.NotHelpful, now);

        Assert.Equal((1, 1), Counts("u1"));
        Assert.Equal((0, 1), Counts("u2"));
        Assert.Equal((0, 0), Counts("never-reacted-to"));
    }

    [Fact]
    public void Erasing_someone_takes_their_reactions_out_of_the_counts()
    {
        var now = app.Time.GetUtcNow();
        app.Updates.React("u1", "maya", Reaction.Helpful, now);
        app.Updates.React("u1", "kim", Reaction.Helpful, now);
        app.Updates.React("u2", "maya", Reaction.NotHelpful, now);

        app.Updates.ErasePerson("maya");

        Assert.Equal((1, 0), Counts("u1"));
        Assert.Equal((0, 0), Counts("u2"));
    }

    [Fact]
    public void A_file_from_before_counts_were_kept_reports_the_reactions_it_already_had_and_counts_on_from_there()
    {
        app.RestartAfter(file =>
        {
            file.DropCollection(ReactionCountStore.Collection);
            var reactions = file.GetCollection(UpdateStore.Reactions);
            foreach (var (person, reaction) in new[] { ("maya", "Helpful"), ("kim", "Helpful"), ("sam", "NotHelpful") })
                reactions.Insert(new BsonDocument
                {
                    ["_id"] = $"u1:{person}", ["UpdateId"] = "u1", ["PersonId"] = person, ["Reaction"] = reaction, ["At"] = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc),
                });
            file.UserVersion = 19;
        });

        var upgraded = Counts("u1");
        app.Updates.React("u1", "kim", Reaction.NotHelpful, app.Time.GetUtcNow());

        Assert.Equal((2, 1), upgraded);
        Assert.Equal((1, 2), Counts("u1"));
        Assert.Equal(HitBot.Core.Storage.Migrations.Current, app.Db.SchemaVersion);
    }

    public void Dispose() => app.Dispose();
}
