using static HitBot.Core.Tests.Surveys.SurveysUnderTest;

namespace HitBot.Core.Tests.Surveys;

/// <summary>Who has not answered yet: names for a named run (to follow up), counts only for an anonymous one.</summary>
public sealed class NonRespondersTests : IDisposable
{
    readonly SurveysUnderTest app = new();

    [Fact]
    public void A_named_run_lists_the_invited_people_who_have_not_answered_by_site_then_name()
    {
        var run = app.Run("r1");
        app.Invite(run, "answered", answers: Intent("yes"));
        app.Invite(run, "zed", site: "adams");
        app.Invite(run, "amy", site: "lincoln");
        app.Invite(run, "bob", site: "adams");

        var result = app.NonResponders.For(run);

        Assert.Equal((4, 1, 3), (result.Invited, result.Answered, result.NotAnswered));
        Assert.Equal(["Tutor bob", "Tutor zed", "Tutor amy"], result.People!.Select(p => p.Name));
    }

    [Fact]
    public void An_anonymous_run_gives_counts_only_so_no_one_can_tell_who_answered()
    {
        var run = app.Run("r1", anonymous: true);
        app.Invite(run, "a", answers: Intent("yes"));
        app.Invite(run, "b");
        app.Invite(run, "c");

        var result = app.NonResponders.For(run);

        Assert.Equal((true, 3, 1, 2), (result.Anonymous, result.Invited, result.Answered, result.NotAnswered));
        Assert.Null(result.People);
    }

    [Fact]
    public void Someone_invited_who_has_since_been_erased_is_listed_as_someone_who_left()
    {
        var run = app.Run("r1");
        app.Invite(run, "gone");
        app.Directory.Delete("gone");

        var result = app.NonResponders.For(run);

        Assert.Equal("someone who left", Assert.Single(result.People!).Name);
    }

    public void Dispose() => app.Dispose();
}
