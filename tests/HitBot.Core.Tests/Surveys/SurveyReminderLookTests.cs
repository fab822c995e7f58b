using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>Which reminders one look of the survey runner queues, over a real file.</summary>
public sealed class SurveyReminderLookTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Chicago
    readonly SurveyRunnerUnderTest app = new(Now);

    [Fact]
    public void A_reminder_the_budget_moved_later_is_not_joined_by_the_next_one()
    {
        var ana = app.Person("ana", Roles.Tutor);
        app.Person("ben", Roles.Tutor);
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime.AddDays(-6), ClosesAt = Now.UtcDateTime.AddDays(3),
            Status = RunStatus.Open, ReminderEveryDays = 3, MaxReminders = 2, CreatedAt = Now.UtcDateTime.AddDays(-7),
        };
        app.Surveys.Save(run);
        // Ana's first reminder was due three days ago; her weekly limit moved it to tomorrow.
        app.Outbox.EnqueueMany([Delivery.Send($"{run.Campaign}:reminder1:ana", run.Campaign + ":reminders", ana.Id, ana.Identities[0],
            Message.Text("A friendly reminder"), Now.AddDays(-3)) with { DueAt = Now.UtcDateTime.AddDays(1), Budgeted = true }]);

        app.Runner.Look(Now.UtcDateTime); // the second reminder is due today

        Assert.Equal([$"{run.Campaign}:reminder1:ana", $"{run.Campaign}:reminder2:ben"],
            app.Outbox.ForCampaign(run.Campaign + ":reminders").Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    public void Dispose() => app.Dispose();
}
