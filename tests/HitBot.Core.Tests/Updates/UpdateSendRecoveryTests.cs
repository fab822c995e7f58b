using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// "Send now" to a big audience is queued a chunk at a time. When HitBot stops between two chunks, the people of the
/// later chunks must still get the update, once, without the coordinator noticing and pressing Send again.
/// </summary>
public sealed class UpdateSendRecoveryTests : IDisposable
{
    readonly UpdatesUnderTest app = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    static readonly Audience Tutors = new() { Roles = [Roles.Tutor] };

    /// <summary>
    /// What a crash after the first chunk leaves: Ana's row queued (and sent, unless <paramref name="anaHasIt"/> is false),
    /// the update marked as being sent (still a draft, unless <paramref name="status"/> says otherwise), and Ben and Cara
    /// not queued.
    /// </summary>
    static Delivery CutOffAfterAna(UpdatesUnderTest on, bool anaHasIt = true, UpdateStatus status = UpdateStatus.Draft)
    {
        var ana = on.Person("ana", Roles.Tutor);
        on.Person("ben", Roles.Tutor);
        on.Person("cara", Roles.Tutor);
        var draft = on.Draft("u1", Tutors);
        on.Updates.Save(draft with { SendingSince = on.Time.GetUtcNow().UtcDateTime, Status = status });
        var first = Delivery.Send("update:u1:ana", draft.Campaign, ana.Id, ana.Identities[0], Message.Text("Week 12"), on.Time.GetUtcNow());
        on.Outbox.EnqueueMany([first]);
        if (anaHasIt) on.Outbox.MarkSent(on.Outbox.Find(first.Id)!, new SentMessage("a:ana", "1:first"), on.Time.GetUtcNow());
        return first;
    }

    Delivery CutOffAfterAna() => CutOffAfterAna(app);

    [Fact]
    public void A_send_cut_off_partway_then_cancelled_is_not_finished_after_a_stop_in_the_cancel()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            // A send HitBot stopped after Ana's row was queued: Ben and Cara are not queued yet. The coordinator cancels it.
            using var cut = new UpdatesUnderTest(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
            CutOffAfterAna(cut, anaHasIt: false);

            var stopped = cut.StopsBeforeCommit(commit, () => cut.Sender.Cancel("u1"));
            // The start: the dispatcher finishes a cancel left under way, and the update scheduler looks.
            cut.Outbox.FinishInterruptedCancels();
            cut.Look();

            var rows = cut.Outbox.ForCampaign("update:u1");
            var cancelled = rows.Any(d => d.State == DeliveryState.Cancelled);
            Assert.True(!cancelled || rows.Count == 1, $"stopped before commit {commit}: Ana's copy was cancelled, and the send was finished for {rows.Count - 1} more");
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 3, $"only {stops} stopping points");
    }

    [Fact]
    public void A_send_cut_off_partway_then_recalled_is_not_finished_after_a_stop_in_the_recall()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            // A send HitBot stopped after Ana's copy went out: Ben and Cara are not queued yet. The coordinator recalls it.
            using var cut = new UpdatesUnderTest(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
            CutOffAfterAna(cut, status: UpdateStatus.Sent);

            var stopped = cut.StopsBeforeCommit(commit, () => cut.Corrections.Recall("u1"));
            cut.Outbox.FinishInterruptedCancels();
            cut.Look();

            var takenBack = cut.Outbox.ForCampaign("update-recall:u1").Count > 0;
            var sends = cut.Outbox.ForCampaign("update:u1").Count;
            Assert.True(!takenBack || sends == 1, $"stopped before commit {commit}: Ana's copy was deleted, and the send was finished for {sends - 1} more");
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 3, $"only {stops} stopping points");
    }

    [Fact]
    public void A_correction_cut_off_then_recalled_is_not_finished_after_a_stop_in_the_recall()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            // Ana has the update; a correction was saved and HitBot stopped before queueing its edit. Then it is recalled.
            using var cut = new UpdatesUnderTest(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
            var ana = cut.Person("ana", Roles.Tutor);
            var draft = cut.Draft("u1", Tutors);
            var first = Delivery.Send("update:u1:ana", draft.Campaign, ana.Id, ana.Identities[0], Message.Text("Week 12"), cut.Time.GetUtcNow());
            cut.Outbox.EnqueueMany([first]);
            cut.Outbox.MarkSent(cut.Outbox.Find(first.Id)!, new SentMessage("a:ana", "1:first"), cut.Time.GetUtcNow());
            cut.Updates.Save(draft with
            {
                Status = UpdateStatus.Sent, Title = "Week 12 (corrected)", Revision = 1, CorrectingSince = cut.Time.GetUtcNow().UtcDateTime,
            });

            var stopped = cut.StopsBeforeCommit(commit, () => cut.Corrections.Recall("u1"));
            cut.Outbox.FinishInterruptedCancels();
            cut.Look();

            var takenBack = cut.Outbox.ForCampaign("update-recall:u1").Count > 0;
            var edits = cut.Outbox.ForCampaign(Update.CorrectionCampaign("u1", 1)).Count;
            Assert.True(!takenBack || edits == 0, $"stopped before commit {commit}: Ana's copy is being deleted, and an edit of it was queued after");
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 3, $"only {stops} stopping points");
    }

    [Fact]
    public void A_send_cut_off_partway_is_finished_for_the_people_not_queued_and_each_gets_the_update_once()
    {
        var first = CutOffAfterAna();

        var reach = app.Sender.FinishInterruptedSend("u1");

        Assert.Equal(3, reach?.Recipients.Count);
        var rows = app.Outbox.ForCampaign("update:u1");
        Assert.Equal(["ana", "ben", "cara"], rows.Select(d => d.PersonId).Order(StringComparer.Ordinal));
        Assert.Equal(DeliveryState.Sent, app.Outbox.Find(first.Id)?.State);
        var update = app.Updates.Find("u1");
        Assert.Equal((UpdateStatus.Sent, (DateTime?)null), (update?.Status, update?.SendingSince));
        Assert.Empty(app.Updates.SendsUnderWay());
        Assert.Null(app.Sender.FinishInterruptedSend("u1"));
    }

    /// <summary>
    /// The send stopped after Ana's copy at 08:00 in Chicago, and HitBot came back at 23:00: Ben and Cara get the update
    /// the next morning, not at night (a late schedule waits the same way).
    /// </summary>
    [Fact]
    public void A_send_cut_off_partway_and_found_again_at_night_is_finished_in_the_morning()
    {
        CutOffAfterAna();
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 5, 0, 0, TimeSpan.Zero)); // Monday 23:00 in Chicago

        var wakeAt = app.Look();
        var atNight = app.Outbox.ForCampaign("update:u1").Count;
        app.Time.SetUtcNow(wakeAt!.Value);
        app.Look();

        Assert.Equal(1, atNight);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 15, 0, 0, TimeSpan.Zero), wakeAt); // Tuesday 09:00 in Chicago
        Assert.Equal(["ana", "ben", "cara"], app.Outbox.ForCampaign("update:u1").Select(d => d.PersonId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Send_now_leaves_no_mark_once_everyone_is_queued()
    {
        app.Person("ana", Roles.Tutor);
        app.Draft("u1", Tutors);

        app.Sender.Send("u1");

        Assert.Empty(app.Updates.SendsUnderWay());
        Assert.Null(app.Sender.FinishInterruptedSend("u1"));
        Assert.Single(app.Outbox.ForCampaign("update:u1"));
    }

    [Fact]
    public void A_send_whose_queueing_fails_stays_marked_as_under_way_so_the_scheduler_finishes_it()
    {
        app.Person("ana", Roles.Tutor);
        // LiteDB refuses an index key over 1,023 bytes. This id fits the updates' key, but its outbox campaign
        // ("update:" + id) does not: the first chunk's write fails after the update was saved, as a full disk would.
        var id = new string('u', 1_010);
        app.Draft(id, Tutors);

        Assert.ThrowsAny<LiteDB.LiteException>(() => app.Sender.Send(id));

        var update = Assert.Single(app.Updates.SendsUnderWay());
        Assert.Equal((id, UpdateStatus.Draft), (update.Id, update.Status));
    }

    [Fact]
    public void A_cancelled_send_is_not_finished_later()
    {
        CutOffAfterAna();

        app.Sender.Cancel("u1");

        Assert.Null(app.Sender.FinishInterruptedSend("u1"));
        Assert.Equal(["ana"], app.Outbox.ForCampaign("update:u1").Select(d => d.PersonId));
    }

    [Fact]
    public void A_send_stopped_anywhere_and_finished_a_week_later_leaves_nobody_held_back_outside_a_digest()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var week = new UpdatesUnderTest(app.Time.GetUtcNow());
            var ana = week.Person("ana", Roles.Tutor);
            week.Person("ben", Roles.Tutor);
            // Ana's week is full, so this update is held back for a digest.
            week.FillWeekOf(ana);
            week.Draft("u1", Tutors);

            var stopped = week.StopsBeforeCommit(commit, () => week.Sender.Send("u1"));
            // HitBot starts again a week later, when Ana's week has room: the scheduler's first look finishes the send, or,
            // if it stopped before anything was saved, the coordinator presses Send again.
            week.Time.Advance(TimeSpan.FromDays(8));
            if (week.Updates.Find("u1") is { SendingSince: not null }) week.Sender.FinishInterruptedSend("u1");
            else if (week.Updates.Find("u1") is { Status: UpdateStatus.Draft }) week.Sender.Send("u1");

            var row = week.Outbox.Find("update:u1:ana");
            var listed = week.Outbox.ForCampaign(UpdateDigests.Campaign).Where(d => d.State == DeliveryState.Queued).SelectMany(d => d.Folds ?? []).ToList();
            Assert.True(row is { State: DeliveryState.Queued } || row is { State: DeliveryState.Held } && listed.Contains(row.Id),
                $"stopped before commit {commit}: Ana's copy is {row?.State.ToString() ?? "missing"}, in no digest");
            Assert.NotNull(week.Outbox.Find("update:u1:ben"));
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 3, $"only {stops} stopping points");
    }

    [Fact]
    public void A_correction_of_a_big_update_stopped_anywhere_is_finished_at_the_next_look_with_one_edit_per_delivered_chat()
    {
        const int delivered = OutboxStore.EnqueueChunkRows + 5;
        var fix = new UpdateDraft("Week 12 (corrected)", null, null, null, null);
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var big = new UpdatesUnderTest(app.Time.GetUtcNow());
            big.Db.InTransaction(() => Enumerable.Range(0, delivered).Select(i => big.Person($"t{i:D4}", Roles.Tutor)).Count());
            big.Draft("u1", Tutors);
            big.Sender.Send("u1");
            big.Outbox.RecordSent([.. big.Outbox.ForCampaign("update:u1").Select(d =>
                OutboxStore.SentRow(d, new SentMessage("a:" + d.PersonId, "m:" + d.PersonId), big.Time.GetUtcNow()))]);
            big.Person("zoe", Roles.Tutor);
            big.Sender.Send("u1"); // Zoe's copy still waits

            var stopped = big.StopsBeforeCommit(commit, () => big.Corrections.Correct("u1", fix));
            // After the restart the scheduler's first look finishes a correction under way, whether or not anyone presses
            // again; one stopped before it was saved shows the old text, and the coordinator sends it again.
            if (big.Updates.Find("u1") is { Revision: 0 }) big.Corrections.Correct("u1", fix);
            else big.Corrections.FinishInterrupted("u1");

            var why = $"stopped before commit {commit}";
            var edits = big.Outbox.ForCampaign(Update.CorrectionCampaign("u1", 1)).GroupBy(d => d.FollowsDeliveryId!).ToDictionary(g => g.Key, g => g.Count());
            var wrong = Enumerable.Range(0, delivered).Count(i => edits.GetValueOrDefault($"update:u1:t{i:D4}") != 1);
            Assert.True(wrong == 0, $"{why}: {wrong} of {delivered} delivered chats have no edit, or several");
            Assert.False(edits.ContainsKey("update:u1:zoe"), why);
            Assert.Contains("Week 12 (corrected)", big.Outbox.Find("update:u1:zoe")?.MessageJson, StringComparison.Ordinal);
            Assert.Null(big.Updates.Find("u1")?.CorrectingSince);
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 4, $"only {stops} stopping points");
    }

    public void Dispose() => app.Dispose();
}
