using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Surveys;
using Microsoft.Extensions.Time.Testing;
using static HitBot.Core.Tests.Erasure.PersonErasureCrashTests;

namespace HitBot.Core.Tests.Erasure;

/// <summary>
/// A run's close read its report (the at-risk and talent lists, with the tutors' names) before Maya's erasure began and
/// queues the lists after it has ended: only the ids each list declares can keep it from naming her.
/// </summary>
public sealed class PersonErasureResultListTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    readonly App app;

    public PersonErasureResultListTests()
    {
        app = new App(temp);
        Save("maya", "Maya Lopez", Roles.Tutor);
        Save("sam", "Sam Reed", Roles.SiteChampion);
        Save("lena", "Lena Park", Roles.CentralTeam);
    }

    [Fact]
    public void The_at_risk_list_naming_her_read_before_her_erasure_and_queued_after_it_is_not_queued()
    {
        var run = ClosedRunAnsweredByMaya(intent: RetentionPulse.NotContinuing, interests: "");

        CloseWithHerErasureBeforeTheFirstQueueing(run);

        Assert.Empty(app.Outbox.ForCampaign(run.Campaign + ":at-risk"));
        AssertNoWaitingMessageNamesHer();
    }

    [Fact]
    public void The_talent_list_naming_her_read_before_her_erasure_and_queued_after_it_is_not_queued()
    {
        var run = ClosedRunAnsweredByMaya(intent: "yes", interests: RetentionPulse.Coaching);

        CloseWithHerErasureBeforeTheFirstQueueing(run);

        Assert.Empty(app.Outbox.ForCampaign(run.Campaign + ":talent"));
        AssertNoWaitingMessageNamesHer();
    }

    /// <summary>The report is read (her name with it), then her whole erasure runs as the close's first queueing commits.</summary>
    void CloseWithHerErasureBeforeTheFirstQueueing(SurveyRun run)
    {
        var people = new PeopleDirectory(app.Directory, time);
        var report = new SurveyResults(app.Surveys, people, app.Outbox).For(run);
        Assert.Contains("Maya Lopez", report.AtRisk.Select(a => a.Name).Concat(report.Interested.Select(i => i.Name)));
        var erased = false;
        temp.Db.BeforeEachCommit(() =>
        {
            if (erased) return;
            erased = true;
            app.Erasure.Erase("maya");
        });

        new RunCloseMessages(people, app.Outbox, new ProgramClock(time, Microsoft.Extensions.Options.Options.Create(new ProgramOptions())), time).Send(run, report);

        temp.Db.BeforeEachCommit(null);
        Assert.True(erased);
        // The summary still goes: it counts, it names nobody.
        Assert.NotEmpty(app.Outbox.ForCampaign(run.Campaign + ":summary"));
    }

    void AssertNoWaitingMessageNamesHer() =>
        Assert.DoesNotContain(app.Outbox.ClaimDue(time.GetUtcNow().AddDays(1), 100),
            d => app.Outbox.MessageOf(d) is { } m && MessageJson.Serialize(m).Contains("Maya Lopez", StringComparison.Ordinal));

    SurveyRun ClosedRunAnsweredByMaya(string intent, string interests)
    {
        var at = time.GetUtcNow().UtcDateTime;
        var run = new SurveyRun
        {
            Id = "r-close", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", at).Questions,
            Audience = new Audience { People = ["maya"] }, OpensAt = at.AddDays(-7), ClosesAt = at, Status = RunStatus.Closed, CreatedAt = at.AddDays(-8),
        };
        app.Surveys.Save(run);
        var answers = new Dictionary<string, string> { [RetentionPulse.IntentQuestion] = intent, [RetentionPulse.SupportQuestion] = "4" };
        if (interests.Length > 0) answers[RetentionPulse.InterestsQuestion] = interests;
        app.Surveys.Save(new SurveyResponse { Id = "r-close:maya", RunId = run.Id, PersonId = "maya", Site = "north", Answers = answers, SubmittedAt = at });
        return run;
    }

    void Save(string id, string name, string role) =>
        app.Directory.Save(new Person { Id = id, Name = name, Email = id + "@example.org", Site = "north", Roles = [role] }
            .WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id }, time.GetUtcNow()));

    public void Dispose() => temp.Dispose();
}
