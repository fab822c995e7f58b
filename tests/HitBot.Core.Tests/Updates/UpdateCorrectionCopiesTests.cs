using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// A correction edits each copy of the update that people already have, and no other: a copy that went out with the
/// corrected text needs no edit, and one an earlier correction changed needs this one whatever it was first sent with.
/// </summary>
public sealed class UpdateCorrectionCopiesTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    static readonly Audience Tutors = new() { Roles = [Roles.Tutor] };

    /// <summary>Ana's copy delivered; Zoe's (she joined after) still waiting when the correction comes.</summary>
    static void AnaDeliveredZoeWaiting(UpdatesUnderTest app)
    {
        app.Person("ana", Roles.Tutor);
        app.Draft("u1", Tutors);
        app.Sender.Send("u1");
        SendWaiting(app, "update:u1");
        app.Person("zoe", Roles.Tutor);
        app.Sender.Send("u1");
    }

    /// <summary>What the dispatcher does with whatever waits in a campaign: sends it, as it is now.</summary>
    static void SendWaiting(UpdatesUnderTest app, string campaign) =>
        app.Outbox.RecordSent([.. app.Outbox.ForCampaign(campaign).Where(d => d.State == DeliveryState.Queued)
            .Select(d => OutboxStore.SentRow(d, new SentMessage("a:" + d.PersonId, $"m:{d.Id}"), app.Time.GetUtcNow()))]);

    static List<Delivery> EditsOf(UpdatesUnderTest app, string person, int revision) =>
        [.. app.Outbox.ForCampaign(Update.CorrectionCampaign("u1", revision)).Where(d => d.FollowsDeliveryId == $"update:u1:{person}")];

    [Fact]
    public void A_correction_stopped_anywhere_and_finished_after_the_waiting_copy_went_out_edits_it_only_if_it_went_out_unchanged()
    {
        var fix = new UpdateDraft("Week 12 (corrected)", null, null, null, null);
        var (stops, wentOutCorrected, wentOutUnchanged) = (0, 0, 0);
        for (var commit = 0; ; commit++)
        {
            using var app = new UpdatesUnderTest(Now);
            AnaDeliveredZoeWaiting(app);

            var stopped = app.StopsBeforeCommit(commit, () => app.Corrections.Correct("u1", fix));
            // HitBot starts again and the dispatcher sends Zoe's copy before the correction is finished.
            SendWaiting(app, "update:u1");
            var zoeGot = app.Outbox.Find("update:u1:zoe")!.MessageJson;
            if (app.Updates.Find("u1") is { Revision: 0 }) app.Corrections.Correct("u1", fix);
            else app.Corrections.FinishInterrupted("u1");

            var why = $"stopped before commit {commit}";
            var corrected = zoeGot.Contains("Week 12 (corrected)", StringComparison.Ordinal);
            if (corrected) wentOutCorrected++; else wentOutUnchanged++;
            Assert.True(EditsOf(app, "zoe", 1).Count == (corrected ? 0 : 1), $"{why}: Zoe's copy went out {(corrected ? "corrected" : "unchanged")}");
            Assert.Single(EditsOf(app, "ana", 1));
            if (!stopped) break;
            stops++;
        }
        // Both cases happened: stopped before her copy was rewritten, and after.
        Assert.True(wentOutCorrected > 0 && wentOutUnchanged > 0, $"corrected {wentOutCorrected}, unchanged {wentOutUnchanged}");
        Assert.True(stops >= 3, $"only {stops} stopping points");
    }

    [Fact]
    public void Corrected_back_to_an_earlier_text_a_copy_sent_with_that_text_and_edited_since_is_edited_again()
    {
        using var app = new UpdatesUnderTest(Now);
        AnaDeliveredZoeWaiting(app);
        var b = new UpdateDraft("Week 12: room B", null, null, null, null);
        var c = new UpdateDraft("Week 12: room C", null, null, null, null);

        app.Corrections.Correct("u1", b);   // Zoe's waiting copy is rewritten to B, Ana's gets an edit
        SendWaiting(app, "update:u1");      // Zoe's copy goes out saying B
        SendWaiting(app, Update.CorrectionCampaign("u1", 1));
        app.Corrections.Correct("u1", c);   // both are edited to C
        SendWaiting(app, Update.CorrectionCampaign("u1", 2));
        app.Corrections.Correct("u1", b);   // back to B: Zoe's screen says C, though her copy was sent saying B

        Assert.Empty(EditsOf(app, "zoe", 1));
        Assert.Single(EditsOf(app, "zoe", 2));
        Assert.Contains("room B", Assert.Single(EditsOf(app, "zoe", 3)).MessageJson, StringComparison.Ordinal);
        Assert.Single(EditsOf(app, "ana", 3));
    }
}
