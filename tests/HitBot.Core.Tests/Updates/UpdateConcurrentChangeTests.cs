using HitBot.Core.Directory;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// A coordinator changes an update in the moment HitBot sends it (by "Send now", its schedule, or a send handed over from
/// chat). The other side's write runs as this side's commit begins (<see cref="HitBot.Core.Storage.HitBotDb.BeforeEachCommit"/>):
/// after its read, before its save, which is where a save from a stale read puts back what the other wrote.
/// </summary>
public sealed class UpdateConcurrentChangeTests : IDisposable
{
    readonly UpdatesUnderTest app = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero)); // Monday 08:00 in Chicago

    public UpdateConcurrentChangeTests()
    {
        app.Person("maya", Roles.Tutor);
        app.Draft("u1", new Audience { Roles = [Roles.Tutor] });
    }

    /// <summary>Runs <paramref name="other"/> once, as the next commit that <paramref name="when"/> allows begins.</summary>
    void AsTheNextCommitBegins(Action other, Func<bool>? when = null)
    {
        var done = false;
        app.Db.BeforeEachCommit(() =>
        {
            if (done || when?.Invoke() == false) return;
            done = true;
            other();
        });
    }

    int Sends() => app.Outbox.ForCampaign("update:u1").Count;

    [Fact]
    public void Stopping_a_weekly_schedule_while_its_slot_is_being_queued_keeps_it_stopped()
    {
        app.Scheduling.Set("u1", new ScheduleRequest(null, new WeeklyRequest("Monday", "09:00")));
        app.Time.Advance(TimeSpan.FromHours(1));
        // The coordinator presses "Stop the schedule" once the slot's messages are queued, before the scheduler moves it on.
        AsTheNextCommitBegins(() => app.Scheduling.Clear("u1"), when: () => app.Updates.Find("u1")?.Status == UpdateStatus.Sent);

        app.Look();
        app.Db.BeforeEachCommit(null);
        app.Time.Advance(TimeSpan.FromDays(7));
        app.Look();

        var update = app.Updates.Find("u1")!;
        Assert.Null(update.Schedule);
        Assert.Null(update.NextAt);
        Assert.Equal(1, Sends());
    }

    [Fact]
    public void Stopping_a_weekly_schedule_as_its_slot_begins_queueing_keeps_it_stopped()
    {
        app.Scheduling.Set("u1", new ScheduleRequest(null, new WeeklyRequest("Monday", "09:00")));
        app.Time.Advance(TimeSpan.FromHours(1));
        AsTheNextCommitBegins(() => app.Scheduling.Clear("u1"));

        app.Look();
        app.Db.BeforeEachCommit(null);
        app.Time.Advance(TimeSpan.FromDays(7));
        app.Look();

        Assert.Null(app.Updates.Find("u1")!.Schedule);
        Assert.Equal(1, Sends());
    }

    [Fact]
    public void Send_now_pressed_as_a_colleague_stops_the_weekly_schedule_keeps_it_stopped()
    {
        app.Scheduling.Set("u1", new ScheduleRequest(null, new WeeklyRequest("Tuesday", "09:00")));
        AsTheNextCommitBegins(() => app.Scheduling.Clear("u1"));

        app.Sender.Send("u1");
        app.Db.BeforeEachCommit(null);
        app.Time.Advance(TimeSpan.FromDays(8));
        app.Look();

        Assert.Null(app.Updates.Find("u1")!.Schedule);
        Assert.Equal(1, Sends());
    }

    [Fact]
    public void A_correction_made_as_a_colleague_stops_the_weekly_schedule_keeps_it_stopped()
    {
        app.Scheduling.Set("u1", new ScheduleRequest(null, new WeeklyRequest("Monday", "09:00")));
        app.Time.Advance(TimeSpan.FromHours(1));
        app.Look();
        AsTheNextCommitBegins(() => app.Scheduling.Clear("u1"));

        var corrected = app.Corrections.Correct("u1", new UpdateDraft(null, "Sessions resume Tuesday.", null, null, null));
        app.Db.BeforeEachCommit(null);
        app.Time.Advance(TimeSpan.FromDays(7));
        app.Look();

        Assert.Empty(corrected.Problems);
        var update = app.Updates.Find("u1")!;
        Assert.Null(update.Schedule);
        Assert.Equal(("Sessions resume Tuesday.", 1), (update.Body, update.Revision));
        Assert.Equal(1, Sends());
    }

    [Fact]
    public void Stopping_a_one_off_schedule_in_the_second_it_goes_out_leaves_the_update_sent()
    {
        app.Scheduling.Set("u1", new ScheduleRequest("2026-03-02T09:00", null));
        app.Time.Advance(TimeSpan.FromHours(1));
        AsTheNextCommitBegins(() => app.Look());

        app.Scheduling.Clear("u1");
        app.Db.BeforeEachCommit(null);

        var update = app.Updates.Find("u1")!;
        Assert.Equal(UpdateStatus.Sent, update.Status);
        Assert.NotNull(update.SentAt);
        Assert.NotNull(update.Reach);
        Assert.Null(update.NextAt);
        Assert.Equal(1, Sends());
    }

    [Fact]
    public void Editing_a_draft_in_the_second_it_is_sent_is_refused_and_the_update_stays_as_sent()
    {
        AsTheNextCommitBegins(() => app.Sender.Send("u1"));

        var change = app.Drafts.Edit("u1", new UpdateDraft("Week 12 (room change)", null, null, null, null));
        app.Db.BeforeEachCommit(null);

        Assert.True(change.NotADraft);
        var update = app.Updates.Find("u1")!;
        Assert.Equal(UpdateStatus.Sent, update.Status);
        Assert.Equal("Week 12", update.Title);
        Assert.Equal("Week 12", app.Outbox.MessageOf(Assert.Single(app.Outbox.ForCampaign("update:u1")))?.Card.Title);
    }

    [Fact]
    public void A_draft_whose_send_was_started_from_chat_is_not_edited_and_still_goes()
    {
        // "Send to N people" in chat marks the send and leaves the queueing to the scheduler's next look.
        app.Sender.StartSend("u1");

        var change = app.Drafts.Edit("u1", new UpdateDraft(null, "Sessions resume Tuesday.", null, null, null));
        app.Look();

        Assert.True(change.NotADraft);
        var update = app.Updates.Find("u1")!;
        Assert.Equal(UpdateStatus.Sent, update.Status);
        Assert.Equal("Sessions resume Monday.", update.Body);
        Assert.Equal(1, Sends());
    }

    [Fact]
    public void A_series_issue_edited_as_its_slot_picks_it_goes_out_as_edited()
    {
        var slot = new DateTime(2026, 3, 2, 15, 0, 0, DateTimeKind.Utc); // Monday 09:00 in Chicago
        app.Series.Save(new UpdateSeries
        {
            Id = "s1", Name = "Tutor newsletter", Rhythm = SeriesRhythm.Weekly, Slot = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(9, 0)),
            Audience = new Audience { Roles = [Roles.Tutor] }, StartsOn = new DateOnly(2026, 3, 2), CreatedAt = slot, NextAt = slot,
        });
        app.Draft("issue1", new Audience { Roles = [Roles.Tutor] }, seriesId: "s1", position: 1);
        app.Time.SetUtcNow(new DateTimeOffset(slot).AddSeconds(30));
        // The slot has chosen its issue (saved on the series) when the coordinator's correction of the draft lands.
        AsTheNextCommitBegins(() => app.Drafts.Edit("issue1", new UpdateDraft("Week 12 (room change)", null, null, null, null)),
            when: () => app.Series.Find("s1")?.PendingIssue is not null);

        app.Look();
        app.Db.BeforeEachCommit(null);

        var issue = app.Updates.Find("issue1")!;
        Assert.Equal(UpdateStatus.Sent, issue.Status);
        Assert.Equal("Week 12 (room change)", issue.Title);
        Assert.Equal("Week 12 (room change)", app.Outbox.MessageOf(Assert.Single(app.Outbox.ForCampaign("update:issue1")))?.Card.Title);
    }

    [Fact]
    public void A_draft_changed_to_urgent_is_saved_urgent()
    {
        var change = app.Drafts.Edit("u1", new UpdateDraft(null, null, null, null, null, Urgent: true));

        Assert.True(change.Update?.Urgent);
        Assert.True(app.Updates.Find("u1")?.Urgent);
    }

    public void Dispose() => app.Dispose();
}
