using HitBot.Core.Directory;
using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>Who may answer a run: the people it was sent to, and whoever its audience matches now.</summary>
public sealed class SurveyAudienceTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Chicago
    readonly SurveyRunnerUnderTest app = new(Now);

    SurveyRun LincolnPulse()
    {
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor], Sites = ["lincoln"] }, OpensAt = Now.UtcDateTime, ClosesAt = Now.UtcDateTime.AddDays(7),
            Status = RunStatus.Scheduled, ReminderEveryDays = 0, CreatedAt = Now.UtcDateTime.AddDays(-1),
        };
        app.Surveys.Save(run);
        return run;
    }

    [Fact]
    public void A_tutor_who_got_the_survey_and_then_moved_to_another_site_can_still_answer_it()
    {
        var ana = app.Person("ana", Roles.Tutor, site: "lincoln");
        var run = LincolnPulse();
        app.Runner.Look(Now.UtcDateTime);

        app.Directory.Save(ana with { Site = "grant" });
        app.Answer(ana, run);

        Assert.Single(app.Surveys.ResponsesTo(run.Id));
    }

    [Fact]
    public void A_tutor_it_was_never_sent_to_is_still_refused()
    {
        var ben = app.Person("ben", Roles.Tutor, site: "grant");
        var run = LincolnPulse();
        app.Runner.Look(Now.UtcDateTime);

        var refused = Assert.Throws<InvalidOperationException>(() => app.Answer(ben, run));

        Assert.Contains("was not sent to you", refused.Message, StringComparison.Ordinal);
        Assert.Empty(app.Surveys.ResponsesTo(run.Id));
    }

    public void Dispose() => app.Dispose();
}
