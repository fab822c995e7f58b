using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Tests.Calendar;

/// <summary>Action-item reminders across the winter break (21 December to 1 January).</summary>
public sealed class CalendarReminderTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    WinterBreak winter = null!;

    public async ValueTask InitializeAsync() => winter = await WinterBreak.StartAsync();

    public async ValueTask DisposeAsync() => await winter.DisposeAsync();

    [Fact]
    public async Task Reminders_due_in_the_break_go_once_at_the_start_of_the_first_working_day_after()
    {
        var progress = winter.App.Get<ActionRemindersProgress>();
        var assigned = await winter.Admin.PatchAsJsonAsync("/api/admin/action-items/data-plan",
            new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-12-23" }, Ct);

        await winter.AdvanceHoursAsync(progress, winter.HoursUntil("2027-01-05 12:00"));

        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        // 7 days before (16 Dec) goes; 1 day before, the due date and two overdue slots fall in the break and go as one
        // on Monday 4 January; the next overdue slot (Tuesday 5) as usual.
        var reminders = winter.App.Get<OutboxStore>().ForCampaign("reminder:data-plan").OrderBy(d => d.CreatedAt);
        Assert.Equal(["Wed 16 Dec 09:00", "Mon 4 Jan 09:00", "Tue 5 Jan 09:00"], reminders.Select(d => WinterBreak.Local(d.CreatedAt)));
        var held = (await winter.HeldAsync()).Where(h => (string?)h["kind"] == "action-reminder").ToList();
        Assert.Equal(["Thu 31 Dec 09:00", "Mon 28 Dec 09:00", "Wed 23 Dec 09:00", "Tue 22 Dec 09:00"],
            held.Select(h => WinterBreak.Local((DateTime)h["dueAt"]!)));
        Assert.All(held, h => Assert.Equal(("data-plan", "Mon 4 Jan 09:00"), ((string?)h["subjectId"], WinterBreak.Local((DateTime)h["goesAt"]!))));
    }

    [Fact]
    public async Task Three_items_due_in_the_break_reach_their_owner_and_the_central_team_on_one_card_each_and_each_items_page_lists_both()
    {
        await winter.Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,\nBen Okafor,ben@example.org,site champion,Lincoln,\nCara Diaz,cara@example.org,central team,,");
        var directory = winter.App.Get<HitBot.Core.Directory.PeopleDirectory>();
        var cara = directory.Link(winter.TeamsAddress(winter.Teams.NewUser().UserId), "cara@example.org")!;
        var ben = directory.FindByEmail("ben@example.org")!;
        var progress = winter.App.Get<ActionRemindersProgress>();
        string[] items = ["data-plan", "sessions-data", "walkthroughs"];
        foreach (var id in items)
        {
            var assigned = await winter.Admin.PatchAsJsonAsync($"/api/admin/action-items/{id}",
                new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-12-22", ["remindDaysBefore"] = new JsonArray(0) }, Ct);
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }

        await winter.AdvanceHoursAsync(progress, winter.HoursUntil("2027-01-04 12:00"));
        await winter.Teams.DeliveredAsync();

        // Due Tuesday 22 December in the break: the owner hears of all three on Monday 4 January, on one card; a week overdue
        // on Wednesday 30 December (escalations are not held by a break), the central team hears of them on one card too.
        var outbox = winter.App.Get<OutboxStore>();
        Assert.Empty(items.SelectMany(id => outbox.ForCampaign("reminder:" + id).Concat(outbox.ForCampaign("escalation:" + id))));
        // The card of Monday 14 December, the morning after the three were given to him, told him they were new for him.
        var cards = outbox.ForCampaign(ActionReminders.RemindersCampaign(ben.Id)).OrderBy(d => d.CreatedAt).ToList();
        Assert.Equal(2, cards.Count);
        Assert.Equal(("New for you: 3 action items", "Mon 14 Dec 09:00"), (MessageJson.Deserialize(cards[0].MessageJson).Summary, WinterBreak.Local(cards[0].CreatedAt)));
        var reminder = cards[1];
        var escalation = Assert.Single(outbox.ForCampaign(ActionReminders.EscalationsCampaign));
        Assert.Equal(("Reminder: 3 action items need a look", DeliveryState.Sent), (MessageJson.Deserialize(reminder.MessageJson).Summary, reminder.State));
        Assert.Equal(("3 action items blocked or overdue", cara.Id, DeliveryState.Sent), (MessageJson.Deserialize(escalation.MessageJson).Summary, escalation.PersonId, escalation.State));
        foreach (var id in items)
        {
            var page = await winter.Admin.GetFromJsonAsync<JsonObject>($"/api/admin/action-items/{id}", Ct);
            Assert.Equal(["new-owner to Ben Okafor, Mon 14 Dec 09:00, sent", "escalation to Cara Diaz, Wed 30 Dec 09:00, sent", "reminder to Ben Okafor, Mon 4 Jan 09:00, sent"],
                page!["messages"]!.AsArray().Select(m => $"{(string?)m!["kind"]} to {(string?)m["to"]}, {WinterBreak.Local((DateTime)m["queuedAt"]!)}, {(string?)m["state"]}"));
        }
    }
}
