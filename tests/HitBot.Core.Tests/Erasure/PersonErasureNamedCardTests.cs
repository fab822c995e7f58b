using HitBot.Core.ActionPlan;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static HitBot.Core.Tests.Erasure.PersonErasureCrashTests;

namespace HitBot.Core.Tests.Erasure;

/// <summary>
/// A card composed from a directory read made before the person's erasure began and queued after it has ended: the
/// names are forgotten by then, so only the ids the card declares (Delivery.Names) can keep it from going.
/// </summary>
public sealed class PersonErasureNamedCardTests : IDisposable
{
    readonly TempDb temp = new();
    // Monday 11:00 in Chicago: working hours, when escalations go.
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero));
    static readonly ChannelAddress Lena = new() { Channel = ChannelKind.Teams, UserId = "29:lena", ConversationId = "a:lena" };

    [Fact]
    public void An_escalation_naming_her_composed_before_her_erasure_and_queued_after_it_is_not_queued()
    {
        MayaEverywhere(temp);
        var app = new App(temp);
        app.Directory.Save(new Person { Id = "lena", Name = "Lena Park", Email = "lena@example.org", Roles = [Roles.CentralTeam] }.WithIdentity(Lena, time.GetUtcNow()));
        app.Plan.Save(new ActionItem
        {
            Id = "i2", Title = "Book rooms", OwnerId = "maya", DueDate = new DateOnly(2026, 3, 20), Status = ItemStatus.Blocked,
            CreatedAt = time.GetUtcNow().UtcDateTime, UpdatedAt = time.GetUtcNow().UtcDateTime, StatusChangedAt = time.GetUtcNow().UtcDateTime,
        });
        var erased = false;
        // The look has read her item and her name; her whole erasure runs as its first write (the escalation's queueing) commits.
        temp.Db.BeforeEachCommit(() =>
        {
            if (erased) return;
            erased = true;
            app.Erasure.Erase("maya");
        });

        Reminders(app).Look(time.GetUtcNow().UtcDateTime);

        temp.Db.BeforeEachCommit(null);
        Assert.True(erased);
        Assert.Empty(app.Outbox.ForCampaign("escalation:i2"));
        Assert.DoesNotContain(app.Outbox.ClaimDue(time.GetUtcNow(), 100), d => app.Outbox.MessageOf(d) is { } m && MessageJson.Serialize(m).Contains("Maya Lopez", StringComparison.Ordinal));
    }

    [Fact]
    public void A_card_declaring_her_queued_before_her_erasure_loses_her_id_with_its_content()
    {
        MayaEverywhere(temp);
        var app = new App(temp);
        app.Outbox.TryEnqueue(Delivery.Send("digest:lena", "digest:action-plan", "ben", Lena, Message.Text("Owner: M. L."), time.GetUtcNow()).Naming(["maya"]));

        app.Erasure.Erase("maya");

        var row = app.Outbox.Find("digest:lena")!;
        Assert.Equal((DeliveryState.Dead, null), (row.State, row.Names));
        Assert.DoesNotContain(temp.Db.AllDocuments(), d => d.Json.Contains("\"maya\"", StringComparison.Ordinal));
    }

    ActionReminders Reminders(App app)
    {
        var signal = new ActionPlanSignal();
        var clock = new ProgramClock(time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" }));
        var people = new PeopleDirectory(app.Directory, time);
        var sites = new SiteResults(app.Surveys, new SurveyResults(app.Surveys, people, app.Outbox), people, app.Outbox);
        return new ActionReminders(app.Plan, new ActionItemChanges(app.Plan, people, signal, clock, time, app.Outbox), people, app.Outbox, signal,
            new ActionRemindersProgress(), Options.Create(new ActionPlanOptions()), clock, new PreRead(sites, clock), new ProgramPhases(temp.Db, signal, time), time,
            NullLogger<ActionReminders>.Instance, new ReminderHolds(new ProgramCalendar(temp.Db, clock, time), new PauseHolds(new HeldSendStore(temp.Db, time))), []);
    }

    public void Dispose() => temp.Dispose();
}
