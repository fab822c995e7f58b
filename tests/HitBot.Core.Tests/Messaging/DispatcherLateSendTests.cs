using System.Globalization;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>Messages queued before HitBot went down, found when it comes back in the night.</summary>
public sealed class DispatcherLateSendTests : IAsyncDisposable
{
    static readonly DateTimeOffset MondayFive = DateTimeOffset.Parse("2026-03-02T23:00:00Z", CultureInfo.InvariantCulture); // 17:00 in Chicago
    static readonly DateTimeOffset MondayEleven = MondayFive.AddHours(6);
    static readonly DateTimeOffset TuesdayNine = MondayFive.AddHours(16);
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(MondayFive);
    readonly RecordingChannel teams = new();
    readonly DispatcherUnderTest dispatcher;

    public DispatcherLateSendTests() => dispatcher = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions(), "America/Chicago", teams);

    public async ValueTask DisposeAsync()
    {
        await dispatcher.DisposeAsync();
        temp.Dispose();
    }

    Delivery To(string person, string campaign, bool budgeted, string role = Roles.Tutor, Func<Delivery, Delivery>? shaped = null)
    {
        dispatcher.People.Save(new Person { Id = person, Name = person, Email = person + "@example.org", Roles = [role] });
        var row = Delivery.Send($"{campaign}:{person}", campaign, person,
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + person, ConversationId = "a:" + person },
            Message.Text($"Hello {person}"), time.GetUtcNow()) with { Budgeted = budgeted };
        row = shaped?.Invoke(row) ?? row;
        Assert.True(dispatcher.Outbox.TryEnqueue(row));
        return row;
    }

    [Fact]
    public async Task A_newsletter_queued_before_HitBot_went_down_waits_for_the_tutors_morning_when_HitBot_comes_back_at_night()
    {
        var update = To("ana", "update:u1", budgeted: true);
        var reply = To("ben", "feedback-reply:f1", budgeted: false);
        time.SetUtcNow(MondayEleven); // HitBot was down from 17:00 to 23:00

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        // The reply to what Ben wrote goes (he is waiting for it); the newsletter does not buzz Ana's phone at 23:00.
        Assert.Equal(["29:ben"], teams.Sent.Select(s => s.To.UserId));
        Assert.Equal(TuesdayNine.UtcDateTime, dispatcher.Row(update.Id).DueAt);
        time.SetUtcNow(TuesdayNine);
        dispatcher.Signal.Notify();
        await dispatcher.IdleAsync();
        Assert.Equal(DeliveryState.Sent, dispatcher.Row(update.Id).State);
        Assert.Equal(DeliveryState.Sent, dispatcher.Row(reply.Id).State);
    }

    [Fact]
    public async Task A_newsletter_queued_before_HitBot_went_down_goes_at_once_when_HitBot_comes_back_in_the_day()
    {
        var update = To("ana", "update:u1", budgeted: true);
        time.SetUtcNow(MondayFive.AddHours(-6).AddDays(1)); // Tuesday 11:00: down all night

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        Assert.Equal(DeliveryState.Sent, dispatcher.Row(update.Id).State);
    }

    [Fact]
    public async Task A_newsletter_found_late_on_a_Friday_night_waits_for_Monday_morning_not_Saturday()
    {
        // Queued Friday 6 March 2026 at 17:00 in Chicago (23:00 UTC); HitBot is back at 23:00 there (05:00 UTC Saturday).
        time.SetUtcNow(MondayFive.AddDays(4));
        var update = To("ana", "update:u1", budgeted: true);
        time.SetUtcNow(MondayEleven.AddDays(4));

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        // Monday 9 March, 09:00 in Chicago: daylight time since Sunday, so 14:00 UTC.
        Assert.Empty(teams.Sent);
        Assert.Equal(new DateTime(2026, 3, 9, 14, 0, 0, DateTimeKind.Utc), dispatcher.Row(update.Id).DueAt);
    }

    [Fact]
    public async Task A_site_champions_at_risk_list_that_waited_for_Monday_morning_waits_for_Tuesday_when_HitBot_comes_back_Monday_night()
    {
        // A run closed on Friday 6 March at 17:00 in Chicago: its list for Lincoln's champion waits for Monday 09:00 (README,
        // "work waits too"). HitBot is down from Saturday and back on Monday at 23:00 there (04:00 UTC Tuesday).
        time.SetUtcNow(MondayFive.AddDays(4));
        var monday = new DateTime(2026, 3, 9, 14, 0, 0, DateTimeKind.Utc);
        var list = To("cleo", "survey:pulse:at-risk", budgeted: false, Roles.SiteChampion,
            row => row with { DueAt = monday, ReaderPost = ReaderPosts.Of(Roles.SiteChampion) });
        var reply = To("ben", "feedback-reply:f1", budgeted: false);
        time.SetUtcNow(monday.AddHours(14));

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        // The reply goes; the list of tutors who may leave does not buzz the champion's phone at 23:00, it waits for Tuesday 09:00.
        Assert.Equal(["29:ben"], teams.Sent.Select(s => s.To.UserId));
        Assert.Equal(monday.AddDays(1), dispatcher.Row(list.Id).DueAt);
        Assert.Equal(Dispatcher.LateAtNight, dispatcher.Row(list.Id).LastError);
        time.SetUtcNow(monday.AddDays(1));
        dispatcher.Signal.Notify();
        await dispatcher.IdleAsync();
        Assert.Equal(DeliveryState.Sent, dispatcher.Row(list.Id).State);
        Assert.Equal(DeliveryState.Sent, dispatcher.Row(reply.Id).State);
    }

    /// <summary>Spring break, Monday 9 to Friday 13 March 2026; Monday 16 March, 09:00 in Chicago, is 14:00 UTC.</summary>
    static readonly DateTime AfterSpringBreak = new(2026, 3, 16, 14, 0, 0, DateTimeKind.Utc);

    void SpringBreak() =>
        Assert.NotNull(dispatcher.Calendar.Add(new CalendarEntryInput("Spring break", "break", "2026-03-09", "2026-03-13")).Entry);

    [Fact]
    public async Task A_newsletter_queued_before_HitBot_went_down_does_not_go_in_the_break_HitBot_comes_back_in()
    {
        // Friday 6 March, 17:00 in Chicago: the newsletter before the break is queued, and HitBot goes down. It is back on
        // the Tuesday of the break, at 10:00 there.
        SpringBreak();
        time.SetUtcNow(MondayFive.AddDays(4));
        var update = To("ana", "update:u1", budgeted: true);
        var reply = To("ben", "feedback-reply:f1", budgeted: false);
        time.SetUtcNow(new DateTime(2026, 3, 10, 15, 0, 0, DateTimeKind.Utc));

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        // Ben's reply goes; nothing non-urgent goes during a pause (README, the program calendar): Ana's newsletter waits
        // for the first working day after it, and says why.
        Assert.Equal(["29:ben"], teams.Sent.Select(s => s.To.UserId));
        Assert.Equal(AfterSpringBreak, dispatcher.Row(update.Id).DueAt);
        Assert.Equal(Dispatcher.LateInPause, dispatcher.Row(update.Id).LastError);
        time.SetUtcNow(AfterSpringBreak);
        dispatcher.Signal.Notify();
        await dispatcher.IdleAsync();
        Assert.Equal(DeliveryState.Sent, dispatcher.Row(update.Id).State);
        Assert.Equal(DeliveryState.Sent, dispatcher.Row(reply.Id).State);
    }

    [Fact]
    public async Task A_newsletter_found_late_on_the_Friday_night_before_a_break_waits_for_the_Monday_after_it()
    {
        SpringBreak();
        time.SetUtcNow(MondayFive.AddDays(4));
        var update = To("ana", "update:u1", budgeted: true);
        time.SetUtcNow(MondayEleven.AddDays(4)); // Friday 23:00 in Chicago: its next weekday morning is the break's first day

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        Assert.Empty(teams.Sent);
        Assert.Equal(AfterSpringBreak, dispatcher.Row(update.Id).DueAt);
    }
}
