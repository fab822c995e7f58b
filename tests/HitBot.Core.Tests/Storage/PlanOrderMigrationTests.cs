using HitBot.Core.ActionPlan;
using HitBot.Core.Storage;
using LiteDB;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Storage;

public sealed class PlanOrderMigrationTests : IDisposable
{
    readonly TempDb temp = new();
    static readonly DateTime Seeded = new(2026, 1, 5, 14, 0, 0, DateTimeKind.Utc);

    /// <summary>A version-5 file: the plan as HitBot seeded it then (data plan as step 6, in installation), with work on it.</summary>
    void WriteVersion5Plan()
    {
        temp.Db.Dispose();
        using var raw = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct });
        raw.UserVersion = 5;
        var mapper = new BsonMapper { EnumAsInteger = false };
        mapper.RegisterType(d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            b => DateOnly.ParseExact(b.AsString, "O", System.Globalization.CultureInfo.InvariantCulture));
        var items = raw.GetCollection(ActionPlanStore.Items);
        items.DeleteAll();
        string[] oldOrder =
        [
            "align-curriculum", "instructional-routines", "individualization", "scope-sequence", "staff-coach-training",
            "data-plan", "tutor-training", "sessions-data", "walkthroughs", "reflection-meetings", "adjust-implementation",
        ];
        foreach (var (key, i) in oldOrder.Select((k, i) => (k, i)))
        {
            var step = DefaultPlan.Steps.Single(s => s.Key == key);
            var item = new ActionItem
            {
                Id = key, SeedKey = key, Order = i + 1, Title = step.Title, Description = step.Description,
                Phase = key == "data-plan" ? ActionPhase.Installation : step.Phase, CreatedAt = Seeded, UpdatedAt = Seeded,
            };
            if (key == "data-plan")
                item = item with
                {
                    OwnerId = "ana", DueDate = new DateOnly(2026, 3, 12), Status = ItemStatus.InProgress,
                    History = [new ItemNote { PersonId = "ana", Text = "Status: Not started → In progress", At = Seeded.AddDays(3) }],
                };
            if (key == "reflection-meetings") item = item with { OwnerId = "ben", DueDate = new DateOnly(2026, 3, 10) };
            if (key == "adjust-implementation") item = item with { Title = "Adust Implementation Based on Data Insights" };
            items.Insert(mapper.ToDocument(item));
        }
        items.Insert(mapper.ToDocument(new ActionItem { Id = "weekend-tutors", Order = 12, Title = "Recruit weekend tutors", CreatedAt = Seeded }));
    }

    [Fact]
    public void An_older_plan_takes_the_checklist_order_and_keeps_its_owners_dates_status_and_history()
    {
        WriteVersion5Plan();

        var store = new ActionPlanStore(temp.Reopen());

        var items = store.All();
        Assert.Equal(Migrations.Current, temp.Db.SchemaVersion);
        Assert.Equal([.. DefaultPlan.Steps.Select(s => s.Key), "weekend-tutors"], items.Select(i => i.Id));
        Assert.Equal("Adjust Implementation Based on Data Insights", items[10].Title);
        var dataPlan = items[6];
        Assert.Equal(("ana", new DateOnly(2026, 3, 12), ItemStatus.InProgress), (dataPlan.OwnerId, dataPlan.DueDate, dataPlan.Status));
        Assert.Equal(ActionPhase.InitialImplementation, dataPlan.Phase);
        Assert.Equal("Status: Not started → In progress", dataPlan.History[0].Text);
        Assert.Contains("step 7", dataPlan.History[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Older_data_reflection_meetings_become_a_repeating_item_on_their_weekday_with_the_pre_read()
    {
        WriteVersion5Plan();

        var meetings = new ActionPlanStore(temp.Reopen()).Find(DefaultPlan.ReflectionMeetings)!;

        Assert.Equal(new ItemRepeat { EveryWeeks = 2, Day = DayOfWeek.Tuesday }, meetings.Repeat);
        Assert.True(meetings.PreRead);
        Assert.Equal(("ben", new DateOnly(2026, 3, 10)), (meetings.OwnerId, meetings.DueDate));
        Assert.Contains("Every 2 weeks on Tuesday", meetings.History[^1].Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The step moved in the upgrade says so in its history, at the time of the upgrade: stamped with the machine's clock
    /// rather than the one HitBot runs on, the note's time did not follow the clock everything else in the program keeps.
    /// </summary>
    [Fact]
    public void The_history_note_of_an_upgraded_step_is_stamped_with_the_clock_HitBot_runs_on()
    {
        WriteVersion5Plan();
        var upgradedAt = new DateTimeOffset(2026, 2, 9, 15, 30, 0, TimeSpan.Zero);

        var dataPlan = new ActionPlanStore(temp.Reopen(new FakeTimeProvider(upgradedAt))).Find("data-plan")!;

        var moved = dataPlan.History[^1];
        Assert.Contains("step 7", moved.Text, StringComparison.Ordinal);
        Assert.Equal(upgradedAt.UtcDateTime, moved.At);
    }

    public void Dispose() => temp.Dispose();
}
