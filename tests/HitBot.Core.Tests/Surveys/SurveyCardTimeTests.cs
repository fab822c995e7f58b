using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>The times a survey card shows: in the tutor's own time zone when HitBot knows it, else the program's, named either way.</summary>
public sealed class SurveyCardTimeTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Chicago
    readonly SurveyRunnerUnderTest app = new(Now);

    [Fact]
    public void A_tutor_in_another_time_zone_reads_the_closing_time_in_their_own_named()
    {
        app.Directory.Save(app.Person("ana", Roles.Tutor) with { TimeZone = "America/Los_Angeles" });
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime, ClosesAt = Now.UtcDateTime.AddDays(2).AddHours(8),
            Status = RunStatus.Scheduled, ReminderEveryDays = 0, CreatedAt = Now.UtcDateTime.AddDays(-1),
        };
        app.Surveys.Save(run);

        app.Runner.Look(Now.UtcDateTime);

        var card = app.Outbox.MessageOf(Assert.Single(app.Outbox.ForCampaign(run.Campaign)))!.Card!;
        var closing = card.Body.OfType<TextBlock>().Single(t => t.Markdown.StartsWith("Open until", StringComparison.Ordinal)).Markdown;
        Assert.StartsWith("Open until Fri 6 Mar, 15:00 Los Angeles time.", closing, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_just_after_Close_now_is_told_the_survey_closed_when_it_was_pressed_not_on_its_planned_date()
    {
        var ana = app.Person("ana", Roles.Tutor);
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime.AddDays(-1), ClosesAt = Now.UtcDateTime.AddDays(2).AddHours(8),
            Status = RunStatus.Open, ReminderEveryDays = 0, CreatedAt = Now.UtcDateTime.AddDays(-2),
        };
        app.Surveys.Save(run);
        // Pressed, and the close's work still under way (here: HitBot stopped right after marking the run).
        app.StopsBeforeCommit(1, runner => runner.CloseNow(run.Id));

        var refused = Assert.Throws<InvalidOperationException>(() => app.Answer(ana, run));

        Assert.Contains("closed on Wed 4 Mar, 09:00 Chicago time", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => app.Dispose();
}
