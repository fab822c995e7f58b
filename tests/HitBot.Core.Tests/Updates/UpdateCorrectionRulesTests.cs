using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>Correcting, recalling and cancelling an update people already have: what changes in which chat, and what is refused.</summary>
public sealed class UpdateCorrectionRulesTests : IDisposable
{
    readonly UpdatesUnderTest app = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    static readonly Audience Tutors = new() { Roles = [Roles.Tutor] };

    /// <summary>An update sent to two tutors: Ana's copy is in her chat, Ben's still waits in the outbox.</summary>
    (Delivery Delivered, Delivery Waiting) SentToAnaAndBen()
    {
        app.Person("ana", Roles.Tutor);
        app.Person("ben", Roles.Tutor);
        app.Draft("u1", Tutors);
        app.Sender.Send("u1");
        var rows = app.Outbox.ForCampaign("update:u1").ToDictionary(d => d.PersonId!);
        app.Outbox.MarkSent(rows["ana"], new SentMessage("a:ana", "1:first"), app.Time.GetUtcNow());
        return (rows["ana"], rows["ben"]);
    }

    [Fact]
    public void A_correction_replaces_the_card_in_chats_it_reached_and_changes_the_waiting_ones_before_they_go()
    {
        var (delivered, waiting) = SentToAnaAndBen();

        var result = app.Corrections.Correct("u1", new UpdateDraft("Week 12 (corrected)", null, null, null, null));

        Assert.Equal(1, result.Update?.Revision);
        var edit = Assert.Single(app.Outbox.ForCampaign(Update.CorrectionCampaign("u1", 1)));
        Assert.Equal((DeliveryKind.Update, delivered.Id, "1:first"), (edit.Kind, edit.FollowsDeliveryId, edit.TargetMessageId));
        Assert.Contains("Week 12 (corrected)", app.Outbox.Find(waiting.Id)?.MessageJson, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_given_up_before_a_correction_goes_out_corrected_when_the_failed_ones_are_sent_again()
    {
        var (_, waiting) = SentToAnaAndBen();
        // Teams was down while Ben's copy was tried: HitBot gave up on it.
        app.Outbox.MarkDead(waiting, "gave up after 8 attempts: Teams could not be reached.", FailureClasses.Network);

        app.Corrections.Correct("u1", new UpdateDraft("Week 12: sessions resume Tuesday", null, null, null, null));
        var requeued = app.Sender.ResendFailed("u1");

        Assert.Equal(1, requeued);
        var resent = app.Outbox.Find(waiting.Id)!;
        Assert.Equal(DeliveryState.Queued, resent.State);
        Assert.Contains("Week 12: sessions resume Tuesday", resent.MessageJson, StringComparison.Ordinal);
    }

    [Fact]
    public void A_correction_that_HitBot_stopped_after_saving_it_is_finished_by_sending_the_same_text_again()
    {
        var (delivered, waiting) = SentToAnaAndBen();
        // What a stop right after the correction was saved leaves: the new text saved, no edit queued.
        var saved = app.Updates.Find("u1")! with { Title = "Week 12 (corrected)", Revision = 1, EditedAt = app.Time.GetUtcNow().UtcDateTime };
        app.Updates.Save(saved);

        var again = app.Corrections.Correct("u1", new UpdateDraft("Week 12 (corrected)", null, null, null, null));
        var once = app.Corrections.Correct("u1", new UpdateDraft("Week 12 (corrected)", null, null, null, null));

        Assert.Empty(again.Problems);
        Assert.Equal(1, again.Update?.Revision);
        var edit = Assert.Single(app.Outbox.ForCampaign(Update.CorrectionCampaign("u1", 1)));
        Assert.Equal((DeliveryKind.Update, delivered.Id), (edit.Kind, edit.FollowsDeliveryId));
        Assert.Contains("Week 12 (corrected)", app.Outbox.Find(waiting.Id)?.MessageJson, StringComparison.Ordinal);
        // Once the edits are queued, the same text again is the usual "nothing changed".
        Assert.StartsWith("Nothing changed", Assert.Single(once.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_correction_cannot_change_who_the_update_went_to()
    {
        SentToAnaAndBen();

        var result = app.Corrections.Correct("u1", new UpdateDraft("New title", null, null, null, new Audience { Roles = [Roles.CentralTeam] }));

        Assert.Null(result.Update);
        Assert.Contains(result.Problems, p => p.StartsWith("audience:", StringComparison.Ordinal));
        Assert.Equal(0, app.Updates.Find("u1")?.Revision);
    }

    [Fact]
    public void A_correction_that_changes_nothing_is_refused()
    {
        SentToAnaAndBen();

        var result = app.Corrections.Correct("u1", new UpdateDraft("Week 12", null, null, null, null));

        Assert.StartsWith("Nothing changed", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_recall_deletes_the_update_where_it_arrived_and_stops_the_copies_still_waiting()
    {
        var (delivered, waiting) = SentToAnaAndBen();

        var result = app.Corrections.Recall("u1");

        Assert.NotNull(result.Update?.RecalledAt);
        var delete = Assert.Single(app.Outbox.ForCampaign("update-recall:u1"));
        Assert.Equal((DeliveryKind.Delete, delivered.Id), (delete.Kind, delete.FollowsDeliveryId));
        Assert.Equal((DeliveryState.Cancelled, UpdateCorrections.RecalledReason), (app.Outbox.Find(waiting.Id)?.State, app.Outbox.Find(waiting.Id)?.LastError));
    }

    [Fact]
    public void A_recall_that_HitBot_stopped_partway_can_be_pressed_again_and_takes_each_message_back_once()
    {
        var (delivered, waiting) = SentToAnaAndBen();

        // HitBot stops after the recall's deletions are queued, before the update is saved as recalled.
        app.Corrections.TakeBack(app.Updates.Find("u1")!, app.Time.GetUtcNow());
        Assert.Null(app.Updates.Find("u1")?.RecalledAt);

        var again = app.Corrections.Recall("u1");

        Assert.Null(again.Conflict);
        Assert.NotNull(app.Updates.Find("u1")?.RecalledAt);
        var delete = Assert.Single(app.Outbox.ForCampaign("update-recall:u1"));
        Assert.Equal((DeliveryKind.Delete, delivered.Id), (delete.Kind, delete.FollowsDeliveryId));
        Assert.Equal(DeliveryState.Cancelled, app.Outbox.Find(waiting.Id)?.State);
    }

    [Fact]
    public void A_weekly_update_whose_recall_HitBot_stopped_partway_is_not_sent_again_at_its_next_slot()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            // Monday 2 March 2026, 08:00 in Chicago: the weekly update reaches Ana.
            using var week = new UpdatesUnderTest(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
            week.Person("ana", Roles.Tutor);
            week.Draft("u1", Tutors, new UpdateSchedule { Weekly = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)) });
            week.Updates.Save(week.Updates.Find("u1")! with { NextAt = week.Time.GetUtcNow().UtcDateTime });
            week.Look();
            var first = Assert.Single(week.Outbox.ForCampaign("update:u1"));
            week.Outbox.MarkSent(first, new SentMessage("a:ana", "1:first"), week.Time.GetUtcNow());

            // The recall stops partway, and nobody presses Recall again before the next Monday.
            var stopped = week.StopsBeforeCommit(commit, () => week.Corrections.Recall("u1"));
            week.Time.Advance(TimeSpan.FromDays(7));
            week.Look();

            var takenBack = week.Outbox.ForCampaign("update-recall:u1").Count > 0;
            var sends = week.Outbox.ForCampaign("update:u1").Count;
            Assert.True(!takenBack || sends == 1, $"stopped before commit {commit}: Ana's copy was deleted, and next week's went out again");
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 3, $"only {stops} stopping points");
    }

    [Fact]
    public void A_recalled_update_is_never_sent_corrected_or_recalled_again()
    {
        SentToAnaAndBen();
        app.Corrections.Recall("u1");
        app.Person("cara", Roles.Tutor);

        app.Sender.Send("u1");
        var corrected = app.Corrections.Correct("u1", new UpdateDraft("Again", null, null, null, null));
        var recalled = app.Corrections.Recall("u1");

        Assert.DoesNotContain(app.Outbox.ForCampaign("update:u1"), d => d.PersonId == "cara");
        Assert.StartsWith("This update was recalled", corrected.Conflict, StringComparison.Ordinal);
        Assert.StartsWith("This update was recalled", recalled.Conflict, StringComparison.Ordinal);
    }

    [Fact]
    public void A_person_whose_delivery_was_cancelled_does_not_see_the_update_in_chat_or_on_their_site_and_cannot_react()
    {
        app.Person("ana", Roles.Tutor, site: "grant");
        app.Person("ben", Roles.Tutor, site: "grant");
        app.Draft("u1", Tutors);
        app.Sender.Send("u1");
        var rows = app.Outbox.ForCampaign("update:u1").ToDictionary(d => d.PersonId!);
        app.Outbox.MarkSent(rows["ana"], new SentMessage("a:ana", "1:first"), app.Time.GetUtcNow());

        // The audience was wrong: "cancel sending" stops Ben's copy before it goes.
        app.Sender.Cancel("u1");

        var update = app.Updates.Find("u1")!;
        Assert.Equal(["u1"], app.Sender.ReceivedBy("ana", 5).Select(u => u.Id));
        Assert.Empty(app.Sender.ReceivedBy("ben", 5));
        Assert.False(app.Sender.WasSentTo(update, "ben"));
        var atGrant = Assert.Single(new SiteUpdates(app.Updates, app.Sender, app.People).SentTo("grant", championId: "gus"));
        Assert.Equal(1, atGrant.SentToSite);
    }

    /// <summary>
    /// Ben removed the app, so HitBot gave up on his copy: the update's page says 1 delivered, 1 not delivered, and Grant's
    /// champion read "sent to 2 people at your site" and told the principal everyone had it.
    /// </summary>
    [Fact]
    public void A_copy_HitBot_gave_up_on_is_not_counted_as_sent_to_the_site()
    {
        app.Person("ana", Roles.Tutor, site: "grant");
        app.Person("ben", Roles.Tutor, site: "grant");
        app.Person("cy", Roles.Tutor, site: "grant");
        app.Draft("u1", Tutors);
        app.Sender.Send("u1");
        var rows = app.Outbox.ForCampaign("update:u1").ToDictionary(d => d.PersonId!);
        app.Outbox.MarkSent(rows["ana"], new SentMessage("a:ana", "1:first"), app.Time.GetUtcNow());
        app.Outbox.MarkDead(rows["ben"], "The user has removed the app.", FailureClasses.Blocked);

        var atGrant = Assert.Single(new SiteUpdates(app.Updates, app.Sender, app.People).SentTo("grant", championId: "gus"));
        // Ana has it, Cy's copy is on its way; Ben's never will be.
        Assert.Equal(2, atGrant.SentToSite);
        Assert.Equal((1, 1), (app.Sender.Report("u1")!.Sent, app.Sender.Report("u1")!.Dead));
    }

    [Fact]
    public void A_draft_is_edited_not_corrected_or_recalled()
    {
        app.Draft("u1", Tutors);

        Assert.StartsWith("This update has not been sent yet", app.Corrections.Correct("u1", new UpdateDraft("x", null, null, null, null)).Conflict, StringComparison.Ordinal);
        Assert.StartsWith("This update has not been sent yet", app.Corrections.Recall("u1").Conflict, StringComparison.Ordinal);
    }

    public void Dispose() => app.Dispose();
}
