using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
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

        var result = app.NonResponders.For(run, 0, 1000);

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

        var result = app.NonResponders.For(run, 0, 1000);

        Assert.Equal((true, 3, 1, 2), (result.Anonymous, result.Invited, result.Answered, result.NotAnswered));
        Assert.Null(result.People);
    }

    [Fact]
    public void Someone_invited_who_has_since_been_erased_is_listed_as_someone_who_left()
    {
        var run = app.Run("r1");
        app.Invite(run, "gone");
        app.Directory.Delete("gone");

        var result = app.NonResponders.For(run, 0, 1000);

        Assert.Equal("someone who left", Assert.Single(result.People!).Name);
    }

    [Fact]
    public void Someone_invited_who_has_since_left_the_program_is_marked_so_nobody_chases_them()
    {
        var run = app.Run("r1");
        app.Invite(run, "stays");
        var leaving = app.Invite(run, "leaves");
        app.Directory.Save(leaving with { Inactive = true, InactiveSince = SurveysUnderTest.Closed });

        var result = app.NonResponders.For(run, 0, 1000);

        // Still invited (the rate is as the run was sent), still listed, but marked: they can no longer answer.
        Assert.Equal((2, 0, 2), (result.Invited, result.Answered, result.NotAnswered));
        Assert.Equal([("Tutor leaves", true), ("Tutor stays", false)], result.People!.Select(p => (p.Name, p.Left)));
    }

    [Fact]
    public void Pages_of_non_responders_follow_on_in_site_then_name_order_without_repeating_anyone()
    {
        var run = app.Run("r1");
        app.Invite(run, "answered", answers: Intent("yes"));
        foreach (var (id, site) in new[] { ("eve", "lincoln"), ("zed", "adams"), ("amy", "lincoln"), ("bob", "adams"), ("cy", "adams") })
            app.Invite(run, id, site: site);

        var (first, second, third) = (app.NonResponders.For(run, 0, 2), app.NonResponders.For(run, 2, 2), app.NonResponders.For(run, 4, 2));

        Assert.All([first, second, third], page => Assert.Equal((6, 1, 5), (page.Invited, page.Answered, page.NotAnswered)));
        Assert.Equal(["Tutor bob", "Tutor cy"], first.People!.Select(p => p.Name));
        Assert.Equal(["Tutor zed", "Tutor amy"], second.People!.Select(p => p.Name));
        Assert.Equal(["Tutor eve"], third.People!.Select(p => p.Name));
    }

    [Fact]
    public void A_page_of_none_gives_the_counts_and_an_empty_list()
    {
        var run = app.Run("r1");
        app.Invite(run, "a", answers: Intent("yes"));
        app.Invite(run, "b");

        var result = app.NonResponders.For(run, 0, 0);

        Assert.Equal((2, 1, 1), (result.Invited, result.Answered, result.NotAnswered));
        Assert.Empty(result.People!);
    }

    [Fact]
    public void Someone_invited_twice_counts_once()
    {
        var run = app.Run("r1");
        var amy = app.Invite(run, "amy");
        app.Outbox.TryEnqueue(Delivery.Send($"{run.Campaign}:again:amy", run.Campaign, amy.Id,
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:amy" }, Message.Text("survey"), run.OpensAt));

        var result = app.NonResponders.For(run, 0, 1000);

        Assert.Equal((1, 1), (result.Invited, result.NotAnswered));
        Assert.Equal("Tutor amy", Assert.Single(result.People!).Name);
    }

    [Fact]
    public void An_answer_given_after_the_list_was_read_takes_its_person_off_the_next_page()
    {
        var run = app.Run("r1");
        app.Invite(run, "amy");
        app.Invite(run, "bob");
        var before = app.NonResponders.For(run, 0, 1);
        app.Surveys.Save(new SurveyResponse
        {
            Id = SurveyStore.ResponseId(run.Id, app.Surveys.RespondentKey(run, "amy")), RunId = run.Id, PersonId = "amy",
            Site = "lincoln", Answers = Intent("yes"), SubmittedAt = run.OpensAt.AddDays(1),
        });

        var after = app.NonResponders.For(run, 0, 1);

        Assert.Equal(("Tutor amy", 2), (Assert.Single(before.People!).Name, before.NotAnswered));
        Assert.Equal(("Tutor bob", 1, 1), (Assert.Single(after.People!).Name, after.Answered, after.NotAnswered));
    }

    [Fact]
    public void A_roster_change_after_the_list_was_read_shows_in_the_next_pages_order()
    {
        var run = app.Run("r1");
        app.Invite(run, "amy", site: "adams");
        var bob = app.Invite(run, "bob", site: "lincoln");
        var before = app.NonResponders.For(run, 0, 10);
        app.Directory.Save(bob with { Site = "" + "abbott" });

        var after = app.NonResponders.For(run, 0, 10);

        Assert.Equal(["Tutor amy", "Tutor bob"], before.People!.Select(p => p.Name));
        Assert.Equal(["Tutor bob", "Tutor amy"], after.People!.Select(p => p.Name));
    }

    [Fact]
    public void Someone_invited_after_the_list_was_read_is_on_the_next_page_and_in_the_totals()
    {
        var run = app.Run("r1");
        app.Directory.Save(new Person { Id = "amy", Name = "Tutor amy", Email = "amy@example.org", Roles = [Roles.Tutor], Site = "lincoln" });
        app.Invite(run, "bob");
        var before = app.NonResponders.For(run, 0, 10);

        // The roster untouched: only the invitation's row tells that the list changed.
        app.Outbox.TryEnqueue(Delivery.Send($"{run.Campaign}:amy", run.Campaign, "amy",
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:amy" }, Message.Text("survey"), run.OpensAt));
        var after = app.NonResponders.For(run, 0, 10);

        Assert.Equal((1, 1), (before.Invited, before.NotAnswered));
        Assert.Equal((2, 2), (after.Invited, after.NotAnswered));
        Assert.Equal(["Tutor amy", "Tutor bob"], after.People!.Select(p => p.Name));
    }

    [Fact]
    public void An_invitation_deleted_as_another_is_queued_changes_the_next_page()
    {
        var run = app.Run("r1");
        app.Directory.Save(new Person { Id = "cy", Name = "Tutor cy", Email = "cy@example.org", Roles = [Roles.Tutor], Site = "lincoln" });
        app.Invite(run, "amy");
        app.Invite(run, "bob");
        var before = app.NonResponders.For(run, 0, 10);

        // As many rows as before, the roster untouched: only the deletion tells that the list changed.
        app.Outbox.ErasePerson("amy", [], []);
        app.Outbox.TryEnqueue(Delivery.Send($"{run.Campaign}:cy", run.Campaign, "cy",
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:cy" }, Message.Text("survey"), run.OpensAt));
        var after = app.NonResponders.For(run, 0, 10);

        Assert.Equal(["Tutor amy", "Tutor bob"], before.People!.Select(p => p.Name));
        Assert.Equal(["Tutor bob", "Tutor cy"], after.People!.Select(p => p.Name));
    }

    [Fact]
    public void Paging_through_a_run_with_nothing_changed_works_its_order_out_once()
    {
        var run = app.Run("r1");
        app.Invite(run, "amy");
        app.Invite(run, "bob");
        var first = app.NonResponders.Order(run);

        // Another campaign's traffic and its sends are not this run's invitations.
        app.Outbox.TryEnqueue(Delivery.Send("reply:1", "reply", "amy",
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:amy" }, Message.Text("hi"), run.OpensAt));

        Assert.Same(first, app.NonResponders.Order(run));
    }

    public void Dispose() => app.Dispose();
}
