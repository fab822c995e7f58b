using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>The digest of updates a person's weekly message limit held back: what it lists.</summary>
public sealed class UpdateDigestTests : IDisposable
{
    readonly UpdatesUnderTest app = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    static readonly Audience Tutors = new() { Roles = [Roles.Tutor] };

    void Send(string id, string title, Audience? audience = null)
    {
        app.Updates.Save(app.Draft(id, audience ?? Tutors) with { Title = title });
        app.Sender.Send(id);
    }

    [Fact]
    public void Updates_listed_in_a_digest_HitBot_gave_up_on_are_listed_again_in_the_next_one()
    {
        app.FillWeekOf(app.Person("ana", Roles.Tutor));
        Send("u1", "Lincoln closes early on Friday");
        var first = Assert.Single(app.Outbox.ForCampaign(UpdateDigests.Campaign));
        // Teams was down when the digest was due: HitBot gave up on it, and Ana never heard of the update.
        app.Outbox.MarkDead(first, "gave up after 8 attempts: Teams could not be reached.", FailureClasses.Network);

        Send("u2", "New pacing guide");

        var next = Assert.Single(app.Outbox.ForCampaign(UpdateDigests.Campaign), d => d.State == DeliveryState.Queued);
        Assert.Contains("New pacing guide", next.MessageJson, StringComparison.Ordinal);
        Assert.Contains("Lincoln closes early on Friday", next.MessageJson, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recalled_update_is_taken_out_of_a_digest_that_is_due_and_still_waits_its_turn()
    {
        app.FillWeekOf(app.Person("ana", Roles.Tutor));
        Send("u1", "Lincoln closes early on Friday");
        Send("u2", "New pacing guide");
        var digest = Assert.Single(app.Outbox.ForCampaign(UpdateDigests.Campaign));
        // Its morning came; the dispatcher is still busy with the Monday fan-out ahead of it when the coordinator recalls u1.
        app.Time.Advance(new DateTimeOffset(digest.DueAt.ToUniversalTime()) - app.Time.GetUtcNow() + TimeSpan.FromMinutes(10));

        app.Corrections.Recall("u1");

        var waiting = app.Outbox.Find(digest.Id)!;
        Assert.Equal(DeliveryState.Queued, waiting.State);
        Assert.DoesNotContain("Lincoln closes early on Friday", waiting.MessageJson, StringComparison.Ordinal);
        Assert.Contains("New pacing guide", waiting.MessageJson, StringComparison.Ordinal);
    }

    /// <summary>
    /// Ana's week was full, so "Lincoln closes early on Friday" waits in her digest; the coordinator corrects the title to
    /// Thursday, the day it really closes. The digest still listed Friday: the one line Ana would read of the update said the
    /// wrong day, and the correction reached everyone else.
    /// </summary>
    [Fact]
    public void A_corrected_title_is_what_the_digest_still_waiting_lists()
    {
        app.FillWeekOf(app.Person("ana", Roles.Tutor));
        Send("u1", "Lincoln closes early on Friday");
        Send("u2", "New pacing guide");

        var corrected = app.Corrections.Correct("u1", new UpdateDraft("Lincoln closes early on Thursday", null, null, null, null));

        Assert.Empty(corrected.Problems);
        var waiting = Assert.Single(app.Outbox.ForCampaign(UpdateDigests.Campaign));
        Assert.Equal(DeliveryState.Queued, waiting.State);
        Assert.Contains("Lincoln closes early on Thursday", waiting.MessageJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Friday", waiting.MessageJson, StringComparison.Ordinal);
        Assert.Contains("New pacing guide", waiting.MessageJson, StringComparison.Ordinal);
    }

    [Fact]
    public void A_digest_that_is_due_and_lists_only_a_recalled_update_is_not_sent()
    {
        app.FillWeekOf(app.Person("ana", Roles.Tutor));
        Send("u1", "Lincoln closes early on Friday");
        var digest = Assert.Single(app.Outbox.ForCampaign(UpdateDigests.Campaign));
        app.Time.Advance(new DateTimeOffset(digest.DueAt.ToUniversalTime()) - app.Time.GetUtcNow() + TimeSpan.FromMinutes(10));

        app.Corrections.Recall("u1");

        Assert.Equal(DeliveryState.Cancelled, app.Outbox.Find(digest.Id)?.State);
    }

    [Fact]
    public void Cancel_sending_takes_the_update_out_of_the_digests_that_list_it()
    {
        app.FillWeekOf(app.Person("ana", Roles.Tutor));
        app.FillWeekOf(app.Person("ben", Roles.Tutor));
        Send("u1", "Lincoln closes early on Friday");
        Send("u2", "New pacing guide", new Audience { People = ["ana"] });
        var digests = app.Outbox.ForCampaign(UpdateDigests.Campaign).ToDictionary(d => d.PersonId!);

        app.Sender.Cancel("u1");

        var anas = app.Outbox.Find(digests["ana"].Id)!;
        Assert.Equal(DeliveryState.Queued, anas.State);
        Assert.DoesNotContain("Lincoln closes early on Friday", anas.MessageJson, StringComparison.Ordinal);
        Assert.Contains("New pacing guide", anas.MessageJson, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Cancelled, app.Outbox.Find(digests["ben"].Id)?.State);
    }

    public void Dispose() => app.Dispose();
}
