using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>
/// A message that waited (Teams throttled it for ten minutes) goes only if its reader has not said stop meanwhile, when
/// "stop" covers it: an urgent update is not budgeted, yet stop covers it. A closing survey's list for staff is work.
/// </summary>
public sealed class DispatcherDeclineTests : IAsyncDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", CultureInfo.InvariantCulture));
    readonly RecordingChannel teams = new();
    readonly DispatcherUnderTest dispatcher;

    public DispatcherDeclineTests() => dispatcher = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions(), teams);

    Delivery To(string person, string campaign) => Delivery.Send(
        $"{campaign}:{person}", campaign, person,
        new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + person, ConversationId = "a:" + person },
        Message.Text("Sessions are cancelled today: the building is closed."), time.GetUtcNow());

    async Task<Delivery> ThrottledThenStoppedAsync(string person, string campaign)
    {
        dispatcher.People.Save(new Person { Id = person, Name = person, Email = person + "@example.org", Roles = [Roles.Tutor] });
        var delivery = To(person, campaign);
        Assert.True(dispatcher.Outbox.TryEnqueue(delivery));
        teams.FailNext(RecordingChannel.TooManyRequests(TimeSpan.FromMinutes(10)));
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();
        dispatcher.People.Save(dispatcher.People.Find(person)! with { OptedOut = true, OptedOutAt = time.GetUtcNow().UtcDateTime, OptedOutBy = "self" });

        time.Advance(TimeSpan.FromMinutes(10));
        await dispatcher.IdleAsync();
        return dispatcher.Row(delivery.Id);
    }

    [Fact]
    public async Task An_urgent_update_retried_after_its_reader_said_stop_is_not_sent()
    {
        var row = await ThrottledThenStoppedAsync("maya", "update:u1");

        Assert.Equal((DeliveryState.Cancelled, ReachFromDeliveries.NotSentStopped), (row.State, row.LastError));
        Assert.Empty(teams.Sent);
    }

    [Fact]
    public async Task A_closing_surveys_list_for_a_site_champion_who_said_stop_still_goes()
    {
        var row = await ThrottledThenStoppedAsync("lena", "survey:r1:at-risk");

        Assert.Equal(DeliveryState.Sent, row.State);
        Assert.Single(teams.Sent);
    }

    /// <summary>
    /// The end of a school year: the last retention run closes on Friday evening and its at-risk list (tutors named with their
    /// answers) waits for the site champion's Monday 09:00; Monday 08:00 the new roster deactivates the champion who left.
    /// "Stop" rightly does not cover such work, but leaving does: the list, the digest, an escalation or a reminder still went
    /// to someone no longer in the program, who could read tutors' names and answers.
    /// </summary>
    [Theory]
    [InlineData("survey:r1:at-risk")]
    [InlineData("survey:r1:summary")]
    [InlineData("digest:action-plan")]
    [InlineData("escalation:walkthroughs")]
    [InlineData("reminder:walkthroughs")]
    public async Task Work_waiting_for_a_staff_members_morning_is_not_sent_once_they_left_the_program(string campaign)
    {
        dispatcher.People.Save(new Person { Id = "lena", Name = "Lena Park", Email = "lena@example.org", Roles = [Roles.SiteChampion] });
        var monday = time.GetUtcNow().AddDays(3).UtcDateTime;
        var delivery = To("lena", campaign) with { DueAt = monday };
        Assert.True(dispatcher.Outbox.TryEnqueue(delivery));
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();
        dispatcher.People.Save(dispatcher.People.Find("lena")! with { Inactive = true });

        time.Advance(TimeSpan.FromDays(3));
        await dispatcher.IdleAsync();

        Assert.Equal((DeliveryState.Cancelled, ReachFromDeliveries.NotSentLeft), (dispatcher.Row(delivery.Id).State, dispatcher.Row(delivery.Id).LastError));
        Assert.Empty(teams.Sent);
    }

    /// <summary>
    /// Work sent for a post waits for the reader's morning like any other; by then the reader may hold another post. Each
    /// case is what the reader holds on Monday: the card goes only while they still hold the post it was for.
    /// </summary>
    [Theory]
    [InlineData("partner-lead@citytutors", "partner-lead", "readcorps", "Not sent: they are no longer the partner lead of citytutors, the post it was for")]
    [InlineData("partner-lead@citytutors", "tutor", "citytutors", "Not sent: they are no longer the partner lead of citytutors, the post it was for")]
    [InlineData("central-team", "site-champion", null, "Not sent: they are no longer on the central team, the post it was for")]
    [InlineData("partner-lead@citytutors", "partner-lead", "citytutors", null)]
    [InlineData("site-champion@lincoln", "central-team", null, null)]
    public async Task Work_for_a_post_waiting_for_its_readers_morning_goes_only_if_they_still_hold_it(string post, string roleOnMonday, string? partnerOnMonday, string? reason)
    {
        dispatcher.People.Save(new Person { Id = "lena", Name = "Lena Park", Email = "lena@example.org", Roles = [Roles.PartnerLead], Partner = "citytutors" });
        var delivery = To("lena", "survey:r1:at-risk").ForPost(post) with { DueAt = time.GetUtcNow().AddDays(3).UtcDateTime };
        Assert.True(dispatcher.Outbox.TryEnqueue(delivery));
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();
        dispatcher.People.Save(dispatcher.People.Find("lena")! with { Roles = [roleOnMonday], Partner = partnerOnMonday });

        time.Advance(TimeSpan.FromDays(3));
        await dispatcher.IdleAsync();

        var row = dispatcher.Row(delivery.Id);
        Assert.Equal(reason is null ? (DeliveryState.Sent, null) : (DeliveryState.Cancelled, reason), (row.State, row.LastError));
        Assert.Equal(reason is null ? 1 : 0, teams.Sent.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await dispatcher.DisposeAsync();
        temp.Dispose();
    }
}
