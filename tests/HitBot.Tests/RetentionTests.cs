using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// The file stops growing: inbound ids go after the platforms' retry window, finished deliveries and feedback offers
/// nobody answered after RetentionDays.
/// </summary>
public sealed class RetentionTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Old_inbound_ids_and_finished_deliveries_are_forgotten_daily_and_queued_ones_never()
    {
        using var app = new HitBotApp(new() { ["HitBot:Storage:RetentionDays"] = "30" });
        app.CreateClient();
        var inbound = app.Get<InboundStore>();
        var outbox = app.Get<OutboxStore>();
        var db = app.Get<HitBotDb>();
        var address = new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:nobody", ServiceUrl = "http://127.0.0.1:9/" };
        var message = new Message("Hi", new Card("Hi", [new TextBlock("Hi")], []));
        inbound.TryRecord("teams", "activity-1");
        var now = app.Time.GetUtcNow();
        var old = Delivery.Send("retention-sent", "test", null, address, message, now) with { State = DeliveryState.Sent, DueAt = Delivery.NotDue };
        var waiting = Delivery.Send("retention-queued", "test", null, address, message, now) with { DueAt = now.AddYears(1).UtcDateTime };
        db.Collection<Delivery>(OutboxStore.Collection).Insert(old);
        db.Collection<Delivery>(OutboxStore.Collection).Insert(waiting);
        var progress = app.Get<RetentionProgress>();

        await AdvanceDaysAsync(app, progress, 3);
        Assert.True(inbound.TryRecord("teams", "activity-1"), "an id older than the retry window is forgotten");
        Assert.NotNull(outbox.Find("retention-sent"));

        await AdvanceDaysAsync(app, progress, 30);
        Assert.Null(outbox.Find("retention-sent"));
        Assert.NotNull(outbox.Find("retention-queued"));
    }

    [Fact]
    public async Task A_platform_retry_inside_the_retry_window_is_still_recognised_after_a_daily_pass()
    {
        using var app = new HitBotApp();
        app.CreateClient();
        var inbound = app.Get<InboundStore>();
        var progress = app.Get<RetentionProgress>();
        inbound.TryRecord("slack", "Ev0RETRY");

        await AdvanceDaysAsync(app, progress, 1);
        var retryAfterOneDay = inbound.TryRecord("slack", "Ev0RETRY");
        await AdvanceDaysAsync(app, progress, 2);
        var afterTheWindow = inbound.TryRecord("slack", "Ev0RETRY");

        Assert.False(retryAfterOneDay, "a retry a day later is still a repeat, handled once");
        Assert.True(afterTheWindow, "past the two-day window the id is forgotten");
    }

    [Fact]
    public async Task The_first_pass_waits_ten_minutes_after_start_so_a_restart_answers_people_first()
    {
        using var app = new HitBotApp(new() { ["HitBot:Storage:RetentionDays"] = "30" });
        app.CreateClient();
        var outbox = app.Get<OutboxStore>();
        var address = new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:nobody", ServiceUrl = "http://127.0.0.1:9/" };
        var longAgo = app.Time.GetUtcNow().AddDays(-40);
        app.Get<HitBotDb>().Collection<Delivery>(OutboxStore.Collection).Insert(
            Delivery.Send("retention-old", "test", null, address, Message.Text("Hi"), longAgo) with { State = DeliveryState.Sent, DueAt = Delivery.NotDue });
        var progress = app.Get<RetentionProgress>();
        await progress.WaitForAsync(() => progress.Looks >= 1, TimeSpan.FromSeconds(60), Ct);

        app.Time.Advance(RetentionLoop.FirstPassAfterStart - TimeSpan.FromMinutes(1));
        var keptAtStart = outbox.Find("retention-old") is not null;
        var looks = progress.Looks;
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await progress.WaitForAsync(() => progress.Looks > looks, TimeSpan.FromSeconds(60), Ct);

        Assert.True(keptAtStart, "nothing is pruned in the first minutes after a start");
        Assert.Null(outbox.Find("retention-old"));
    }

    [Fact]
    public async Task An_offer_to_pass_text_on_that_nobody_answered_is_forgotten_after_RetentionDays_and_sent_feedback_stays()
    {
        using var app = new HitBotApp(new() { ["HitBot:Storage:RetentionDays"] = "30" });
        app.CreateClient();
        var inbox = app.Get<FeedbackInbox>();
        var store = app.Get<FeedbackStore>();
        var from = new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya", ServiceUrl = "http://127.0.0.1:9/" };
        var unanswered = inbox.Offer("old", "whats the wifi password", "maya", from);
        var sent = inbox.Submit("fb-1", "The login page is slow", anonymous: false, "maya", from, updateId: null);
        var progress = app.Get<RetentionProgress>();

        await AdvanceDaysAsync(app, progress, 20);
        var recent = inbox.Offer("recent", "when is the next training", "maya", from);
        await AdvanceDaysAsync(app, progress, 15);

        Assert.Null(inbox.SendOffered(unanswered.Id, "maya", from, anonymous: false));
        Assert.Null(store.Find(unanswered.Id));
        Assert.NotNull(store.Find(recent.Id));
        Assert.Equal(FeedbackStatus.New, store.Find(sent.Id)?.Status);
    }

    /// <summary>
    /// An open run's invitations say who was asked (the response rate, the non-responders) and its reminder rows say who
    /// was reminded: pruned while the run is still open, the runner would send the same reminder again.
    /// </summary>
    [Fact]
    public async Task An_open_survey_keeps_its_invitations_and_reminders_past_RetentionDays_and_a_closed_one_does_not()
    {
        using var app = new HitBotApp(new() { ["HitBot:Storage:RetentionDays"] = "30" });
        app.CreateClient();
        var outbox = app.Get<OutboxStore>();
        var surveys = app.Get<SurveyStore>();
        var now = app.Time.GetUtcNow();
        var open = new SurveyRun
        {
            Id = "term-pulse", SurveyId = "pulse", Title = "Term pulse", Status = RunStatus.Open, ReminderEveryDays = 0, MaxReminders = 0,
            OpensAt = now.UtcDateTime, ClosesAt = now.AddDays(60).UtcDateTime, CreatedAt = now.UtcDateTime,
        };
        var closed = open with { Id = "spring-pulse", Status = RunStatus.Closed, ClosesAt = now.AddDays(1).UtcDateTime };
        surveys.Save(open);
        surveys.Save(closed);
        var address = new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya", ServiceUrl = "http://127.0.0.1:9/" };
        var rows = app.Get<HitBotDb>().Collection<Delivery>(OutboxStore.Collection);
        foreach (var (key, campaign) in new[]
                 {
                     (open.Campaign + ":maya", open.Campaign), (open.Campaign + ":reminders:1:maya", open.Campaign + ":reminders"),
                     (closed.Campaign + ":maya", closed.Campaign),
                 })
            rows.Insert(Delivery.Send(key, campaign, "maya", address, Message.Text("Term pulse"), now) with { State = DeliveryState.Sent, DueAt = Delivery.NotDue });
        var progress = app.Get<RetentionProgress>();

        await AdvanceDaysAsync(app, progress, 35);

        Assert.NotNull(outbox.Find(open.Campaign + ":maya"));
        Assert.NotNull(outbox.Find(open.Campaign + ":reminders:1:maya"));
        Assert.Null(outbox.Find(closed.Campaign + ":maya"));
    }

    static async Task AdvanceDaysAsync(HitBotApp app, RetentionProgress progress, int days)
    {
        for (var i = 0; i < days; i++)
        {
            var looks = progress.Looks;
            app.Time.Advance(TimeSpan.FromDays(1));
            await progress.WaitForAsync(() => progress.Looks > looks, TimeSpan.FromSeconds(60), Ct);
        }
    }
}
