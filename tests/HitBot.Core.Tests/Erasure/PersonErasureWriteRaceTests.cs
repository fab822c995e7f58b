using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static HitBot.Core.Tests.Erasure.PersonErasureCrashTests;

namespace HitBot.Core.Tests.Erasure;

/// <summary>
/// A request or loop that read Maya before her erasure began and writes after it has finished: the whole erasure runs
/// as the write's commit begins (after its read, before it takes the write lock), and the write must leave her in no row.
/// </summary>
public sealed class PersonErasureWriteRaceTests : IDisposable
{
    readonly TempDb temp = new();
    static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    readonly string token;
    readonly App app;

    public PersonErasureWriteRaceTests()
    {
        token = MayaEverywhere(temp);
        app = new App(temp);
    }

    /// <summary>Her whole erasure, run once, as the next commit begins.</summary>
    void ErasedAsTheNextWriteCommits()
    {
        var erased = false;
        temp.Db.BeforeEachCommit(() =>
        {
            if (erased) return;
            erased = true;
            app.Erasure.Erase("maya");
        });
    }

    void AssertNothingLeadsToHer()
    {
        temp.Db.BeforeEachCommit(null);
        Assert.Empty(Traces(app, token));
        Assert.DoesNotContain(temp.Db.AllDocuments(), d => d.Json.Contains("Maya Lopez", StringComparison.Ordinal) || d.Json.Contains("\"maya\"", StringComparison.Ordinal)
            || d.Json.Contains("29:maya", StringComparison.Ordinal));
    }

    [Fact]
    public void Her_survey_answer_saved_after_her_erasure_is_refused()
    {
        var run = app.Surveys.FindRun("r1")!;
        ErasedAsTheNextWriteCommits();

        Assert.Throws<PersonErasedException>(() => app.Surveys.Save(
            new SurveyResponse { Id = SurveyStore.ResponseId(run.Id, "maya"), RunId = run.Id, PersonId = "maya", Answers = new() { ["q1"] = "5" } }, answeredBy: "maya"));

        AssertNothingLeadsToHer();
    }

    [Fact]
    public void A_thank_you_to_her_by_name_saved_after_her_erasure_does_not_list_her()
    {
        ErasedAsTheNextWriteCommits();

        app.Thanks.Save(new Appreciation { Id = "t-late", Message = "Thank you!", Audience = new Audience { People = ["maya", "ben"] } });

        Assert.Equal(["ben"], app.Thanks.Find("t-late")!.Audience.People);
        AssertNothingLeadsToHer();
    }

    [Fact]
    public void Her_reaction_saved_after_her_erasure_is_refused()
    {
        ErasedAsTheNextWriteCommits();

        Assert.Throws<PersonErasedException>(() => app.Updates.React("u1", "maya", Reaction.Helpful, Now));

        AssertNothingLeadsToHer();
    }

    [Fact]
    public void Her_feedback_sent_after_her_erasure_is_refused()
    {
        var maya = app.Directory.Find("maya")!;
        ErasedAsTheNextWriteCommits();

        Assert.Throws<PersonErasedException>(() => new FeedbackInbox(app.Feedback, app.Outbox, app.Seal, new FakeTimeProvider(Now))
            .Submit("f-late", "One more thing", anonymous: false, maya.Id, maya.Identities[0], updateId: null));

        Assert.Null(app.Feedback.Find("f-late"));
        AssertNothingLeadsToHer();
    }

    [Fact]
    public void A_reply_to_her_feedback_read_before_her_erasure_is_not_sent_and_the_coordinator_is_told()
    {
        ErasedAsTheNextWriteCommits();

        var (outcome, _) = new FeedbackInbox(app.Feedback, app.Outbox, app.Seal, new FakeTimeProvider(Now)).Reply("f-maya", "Thanks, we'll look into it", "ben");

        Assert.Equal(ReplyOutcome.Unreachable, outcome);
        var item = app.Feedback.Find("f-maya")!;
        Assert.True(item is { PersonId: null, Anonymous: true, ReplyTo: null });
        Assert.Empty(item.Replies);
        AssertNothingLeadsToHer();
    }

    [Fact]
    public void A_reply_to_her_anonymous_feedback_read_before_her_erasure_is_not_queued_to_her_chat()
    {
        ErasedAsTheNextWriteCommits();

        var (outcome, _) = new FeedbackInbox(app.Feedback, app.Outbox, app.Seal, new FakeTimeProvider(Now)).Reply("f-anon", "We moved the room", "ben");

        Assert.Equal(ReplyOutcome.Unreachable, outcome);
        Assert.Empty(app.Outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + "f-anon"));
        Assert.DoesNotContain(app.Outbox.ClaimDue(Now, 100), d => d.Address.UserId == "29:maya");
        var item = app.Feedback.Find("f-anon")!;
        Assert.True(item is { ReplyTo: null, Text: "An anonymous note" });
        Assert.Single(item.Replies);
        AssertNothingLeadsToHer();
    }

    [Fact]
    public void Marking_her_anonymous_feedback_handled_from_a_read_before_her_erasure_does_not_bring_her_chat_back()
    {
        ErasedAsTheNextWriteCommits();

        new FeedbackInbox(app.Feedback, app.Outbox, app.Seal, new FakeTimeProvider(Now)).MarkHandled("f-anon", handled: true);

        var item = app.Feedback.Find("f-anon")!;
        Assert.True(item is { Status: FeedbackStatus.Handled, ReplyTo: null });
        AssertNothingLeadsToHer();
    }

    [Fact]
    public void A_status_change_to_her_item_read_before_her_erasure_leaves_it_unowned_and_her_name_out()
    {
        ErasedAsTheNextWriteCommits();

        var result = Changes().SetStatus("i1", ItemStatus.Done, reason: null, by: null);

        Assert.Equal(ChangeOutcome.Changed, result.Outcome);
        var item = app.Plan.Find("i1")!;
        Assert.Equal(ItemStatus.Done, item.Status);
        Assert.Null(item.OwnerId);
        AssertNothingLeadsToHer();
    }

    [Fact]
    public void Handing_her_item_on_after_her_erasure_writes_no_name_read_before_it()
    {
        ErasedAsTheNextWriteCommits();

        var result = Changes().Edit("i1", new ItemEdit(OwnerId: "ben"));

        Assert.Equal(ChangeOutcome.Changed, result.Outcome);
        var item = app.Plan.Find("i1")!;
        Assert.Equal("ben", item.OwnerId);
        Assert.Contains(item.History, h => h.Text == "Owner: nobody → ben");
        AssertNothingLeadsToHer();
    }

    [Fact]
    public void A_run_read_before_her_erasure_and_saved_after_does_not_list_her_again()
    {
        var run = app.Surveys.FindRun("r1")!;
        ErasedAsTheNextWriteCommits();

        app.Surveys.Save(run with { Status = RunStatus.Closed });

        Assert.Equal(["ben"], app.Surveys.FindRun("r1")!.Audience.People);
        AssertNothingLeadsToHer();
    }

    [Fact]
    public void A_token_issued_to_her_after_her_erasure_is_refused()
    {
        ErasedAsTheNextWriteCommits();

        Assert.Throws<PersonErasedException>(() => app.Tokens.Issue("maya"));

        AssertNothingLeadsToHer();
    }

    ActionItemChanges Changes()
    {
        var time = new FakeTimeProvider(Now);
        return new ActionItemChanges(app.Plan, new PeopleDirectory(app.Directory, time), new ActionPlanSignal(),
            new ProgramClock(time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" })), time, app.Outbox);
    }

    public void Dispose() => temp.Dispose();
}
