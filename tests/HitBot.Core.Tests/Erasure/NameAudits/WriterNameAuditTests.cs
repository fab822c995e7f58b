using HitBot.Core.ActionPlan;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static HitBot.Core.Tests.Erasure.NameAudits.AuditedPeople;
using static HitBot.Core.Tests.Erasure.PersonErasureCrashTests;

namespace HitBot.Core.Tests.Erasure.NameAudits;

/// <summary>
/// The writers that show other people's names, run with the outbox's name audit on: each name they read from the
/// directory must be declared with the message (Delivery.Names), or an erasure between the read and the queueing lets it go.
/// Zelda Quill is a tutor, Sol Varga her site champion, Otto Brindle on the central team.
/// </summary>
public sealed class WriterNameAuditTests : IDisposable
{
    readonly TempDb temp = new();
    // Monday 11:00 in Chicago: working hours, when escalations go.
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero));
    readonly App app;
    readonly Person otto;

    public WriterNameAuditTests()
    {
        app = new App(temp);
        Save(app.Directory, "zelda", "Zelda Quill", Roles.Tutor, time.GetUtcNow(), site: "north");
        Save(app.Directory, "sol", "Sol Varga", Roles.SiteChampion, time.GetUtcNow(), site: "north");
        otto = Save(app.Directory, "otto", "Otto Brindle", Roles.CentralTeam, time.GetUtcNow());
    }

    [Theory]
    [InlineData(RetentionPulse.NotContinuing, "")]
    [InlineData("yes", RetentionPulse.Coaching)]
    public void A_runs_close_declares_the_tutors_its_at_risk_and_talent_lists_name(string intent, string interests)
    {
        var run = ClosedRunAnsweredByZelda(intent, interests);
        var people = new PeopleDirectory(app.Directory, time);
        var report = new SurveyResults(app.Surveys, people, app.Outbox).For(run);
        var audit = Audit(temp);

        new RunCloseMessages(people, app.Outbox, new ProgramClock(time, Microsoft.Extensions.Options.Options.Create(new ProgramOptions())), time).Send(run, report);

        AssertAllDeclared(audit);
    }

    [Fact]
    public void An_escalation_declares_the_owner_it_names()
    {
        app.Plan.Save(Item("i1", ItemStatus.Blocked));
        var audit = Audit(temp);

        Reminders().Look(time.GetUtcNow().UtcDateTime);

        Assert.NotEmpty(app.Outbox.ForCampaign("escalation:i1"));
        AssertAllDeclared(audit);
    }

    [Fact]
    public void The_action_digest_declares_the_owners_it_names()
    {
        var reminders = Reminders();
        // The first look only sets where the digest counts from; a week later the digest goes.
        reminders.Look(time.GetUtcNow().UtcDateTime);
        // Due in the digest's week: listed with its owner's name.
        app.Plan.Save(Item("i1", ItemStatus.InProgress) with { DueDate = new DateOnly(2026, 3, 11) });
        time.Advance(TimeSpan.FromDays(7));
        var audit = Audit(temp);

        reminders.Look(time.GetUtcNow().UtcDateTime);

        Assert.NotEmpty(app.Outbox.ForCampaign("digest:action-plan"));
        AssertAllDeclared(audit);
    }

    [Fact]
    public void The_feedback_inbox_answered_in_chat_declares_its_writers()
    {
        var inbox = new FeedbackInbox(app.Feedback, app.Outbox, app.Seal, time);
        inbox.Submit("f-zelda", "The Tuesday room is double-booked", anonymous: false, "zelda", Teams("zelda"), updateId: null);
        var audit = Audit(temp);

        var answer = Router(inbox).Handle(new Interaction { Verb = Interaction.CommandVerb, From = Teams("otto"), Person = otto, Text = "feedback inbox" });
        // Queued as the Teams and Slack adapters queue a reply (TeamsResponder).
        app.Outbox.TryEnqueue(answer.Queued(Delivery.Send("reply:teams:a1", "reply", "otto", Teams("otto"), answer.Reply!, time.GetUtcNow())));

        AssertAllDeclared(audit);
    }

    [Fact]
    public void A_coordinators_reply_to_feedback_names_nobody_it_does_not_declare()
    {
        var inbox = new FeedbackInbox(app.Feedback, app.Outbox, app.Seal, time);
        inbox.Submit("f-zelda", "The Tuesday room is double-booked", anonymous: false, "zelda", Teams("zelda"), updateId: null);
        var audit = Audit(temp);

        Assert.Equal(ReplyOutcome.Queued, inbox.Reply("f-zelda", "Thank you, we moved you to room 4.", byPersonId: "otto").Outcome);

        Assert.Single(app.Outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + "f-zelda"));
        Assert.Empty(audit.Undeclared);
    }

    ActionItem Item(string id, ItemStatus status) => new()
    {
        Id = id, Title = "Book rooms", OwnerId = "zelda", DueDate = new DateOnly(2026, 3, 20), Status = status,
        CreatedAt = time.GetUtcNow().UtcDateTime, UpdatedAt = time.GetUtcNow().UtcDateTime, StatusChangedAt = time.GetUtcNow().UtcDateTime,
    };

    SurveyRun ClosedRunAnsweredByZelda(string intent, string interests)
    {
        var at = time.GetUtcNow().UtcDateTime;
        var run = new SurveyRun
        {
            Id = "r-close", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", at).Questions,
            Audience = new Audience { People = ["zelda"] }, OpensAt = at.AddDays(-7), ClosesAt = at, Status = RunStatus.Closed, CreatedAt = at.AddDays(-8),
        };
        app.Surveys.Save(run);
        var answers = new Dictionary<string, string> { [RetentionPulse.IntentQuestion] = intent, [RetentionPulse.SupportQuestion] = "4" };
        if (interests.Length > 0) answers[RetentionPulse.InterestsQuestion] = interests;
        app.Surveys.Save(new SurveyResponse { Id = "r-close:zelda", RunId = run.Id, PersonId = "zelda", Site = "north", Answers = answers, SubmittedAt = at });
        return run;
    }

    ActionReminders Reminders()
    {
        var signal = new ActionPlanSignal();
        var clock = new ProgramClock(time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" }));
        var people = new PeopleDirectory(app.Directory, time);
        var sites = new SiteResults(app.Surveys, new SurveyResults(app.Surveys, people, app.Outbox), people, app.Outbox);
        return new ActionReminders(app.Plan, new ActionItemChanges(app.Plan, people, signal, clock, time, app.Outbox), people, app.Outbox, signal,
            new ActionRemindersProgress(), Options.Create(new ActionPlanOptions()), clock, new PreRead(sites, clock), new ProgramPhases(temp.Db, signal, time), time,
            NullLogger<ActionReminders>.Instance, new ReminderHolds(new ProgramCalendar(temp.Db, clock, time), new PauseHolds(new HeldSendStore(temp.Db, time))), []);
    }

    InteractionRouter Router(FeedbackInbox inbox)
    {
        var options = Options.Create(new ProgramOptions { TimeZone = "America/Chicago" });
        var clock = new ProgramClock(time, options);
        var budget = new MessageBudget(app.Outbox, clock, options);
        var sender = new UpdateSender(app.Updates, new AudienceResolver(app.Directory), app.Outbox, budget,
            new UpdateDigests(app.Outbox, app.Updates, budget, time), new FeedbackQuestionCounts(app.Feedback), clock, time,
            new ReachFromDeliveries(new PeopleDirectory(app.Directory, time)));
        var routes = new FeedbackRoutes(inbox, app.Feedback, new PeopleDirectory(app.Directory, time), new UpdateTitles(app.Updates, sender), clock, app.AnonymityKey, app.Seal);
        return new InteractionRouter([routes], NullLogger<InteractionRouter>.Instance);
    }

    public void Dispose() => temp.Dispose();
}
