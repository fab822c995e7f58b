using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Storage;

/// <summary>Every stored document comes back from the LiteDB file exactly as it went in, after the file is reopened.</summary>
public sealed class DocumentRoundTripTests : IDisposable
{
    readonly TempDb temp = new();

    [Fact]
    public void A_person_with_identities_round_trips()
    {
        var person = new Person
        {
            Id = "p1", Name = "  Maya Lopez ", Email = "maya@example.org", Roles = [Roles.Tutor, Roles.SiteChampion],
            Site = "lincoln", Partner = "city-year", TimeZone = "America/Denver", Language = "es-MX", OptedOut = true,
            OptedOutAt = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc),
            CreatedAt = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 2, 2, 0, 0, 0, DateTimeKind.Utc),
        }.WithIdentity(new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = "29:abc", ConversationId = "a:chat", ServiceUrl = "https://smba.trafficmanager.net/amer/",
            TenantId = "t1", AadObjectId = "aad", BotId = "28:bot", DisplayName = "Maya",
        }, new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero));
        new DirectoryStore(temp.Db).Save(person);

        var back = new DirectoryStore(temp.Reopen()).Find("p1");

        Assert.Equal(Json(person), Json(back));
        Assert.Equal(DateTimeKind.Utc, back?.CreatedAt.Kind);
    }

    [Fact]
    public void A_person_stored_by_the_first_build_with_a_language_loads_it_and_is_found()
    {
        // The first build wrote Language in people documents and no build read it; it is the directory's language again.
        temp.Db.Collection<LiteDB.BsonDocument>(DirectoryStore.People).Insert(new LiteDB.BsonDocument
        {
            ["_id"] = "p-old", ["Name"] = "Rosa Diaz", ["Email"] = "rosa@example.org", ["Roles"] = new LiteDB.BsonArray(new LiteDB.BsonValue(Roles.Tutor)),
            ["Site"] = "lincoln", ["Language"] = "es",
        });

        var store = new DirectoryStore(temp.Reopen());

        Assert.Equal(("Rosa Diaz", "lincoln", true), (store.Find("p-old")?.Name, store.Find("p-old")?.Site, store.Find("p-old")?.HasRole(Roles.Tutor)));
        Assert.Equal("p-old", store.FindByEmail("rosa@example.org")?.Id);
        Assert.Equal("es", store.Find("p-old")?.Language);
    }

    [Fact]
    public void An_action_item_with_a_due_date_and_history_round_trips()
    {
        var item = new ActionItem
        {
            Id = "i1", SeedKey = "walkthroughs", Order = 9, Title = "Conduct Walkthroughs", Description = "d", Phase = ActionPhase.InitialImplementation,
            OwnerId = "p1", DueDate = new DateOnly(2026, 3, 31), Status = ItemStatus.Blocked, BlockedReason = "No walkthrough tool yet",
            History = [new ItemNote { PersonId = "p1", Text = "Asked the data team", At = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc) }],
            CreatedAt = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        new ActionPlanStore(temp.Db).Save(item);

        var back = new ActionPlanStore(temp.Reopen()).Find("i1");

        Assert.Equal(Json(item), Json(back));
    }

    [Fact]
    public void A_queued_delivery_round_trips_with_its_card()
    {
        var message = new Message("Week 3 update", new Card("Week 3",
            [new TextBlock("**Hello** tutors"), new FactList([new Fact("Due", "Friday")]), new ImageBlock("https://example.org/a.png", "A chart"),
             new ChoiceInput("q1", "Will you tutor next term?", [new Choice("Yes", "yes"), new Choice("No", "no")], Required: true),
             new TextInput("q2", "What would help?", Multiline: true), new DateInput("d", "When?")],
            [new SubmitAction("Send", "survey.answer", new() { ["runId"] = "r1" }, ActionStyle.Positive), new OpenUrlAction("Open", "https://example.org")]));
        var delivery = Delivery.Send("k1", "update:w3", "p1",
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:abc" }, message,
            new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
        new OutboxStore(temp.Db, new OutboxSignal()).TryEnqueue(delivery);

        var back = new OutboxStore(temp.Reopen(), new OutboxSignal()).Find("k1");

        Assert.NotNull(back);
        Assert.Equal(delivery, back);
        Assert.Equal(MessageJson.Serialize(message), MessageJson.Serialize(MessageJson.Deserialize(back.MessageJson)));
    }

    [Fact]
    public void A_sent_update_with_the_reach_counted_at_send_round_trips()
    {
        var update = new Update
        {
            Id = "u1", Title = "Week 12", Body = "Sessions resume Monday.", Audience = new Audience { Roles = [Roles.Tutor] },
            Status = UpdateStatus.Sent, CreatedAt = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc), SentAt = new DateTime(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc),
            Reach = new ReachCounts { Matched = 100_000, OptedOut = 120, NotInChat = 880, NotReached = new() { ["no-chat-yet"] = 800, ["blocked"] = 80 } },
        };
        new UpdateStore(temp.Db).Save(update);

        var back = new UpdateStore(temp.Reopen()).Find("u1");

        Assert.Equal(Json(update), Json(back));
    }

    [Fact]
    public void A_newsletter_series_every_other_week_round_trips()
    {
        var series = new UpdateSeries
        {
            Id = "s1", Name = "Tutor newsletter", Rhythm = SeriesRhythm.EveryOtherWeek, Slot = new WeeklySlot(DayOfWeek.Tuesday, new TimeOnly(8, 30)),
            Audience = new Audience { Roles = [Roles.Tutor], Sites = ["lincoln"] }, StartsOn = new DateOnly(2026, 3, 2),
            CreatedAt = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc), NextAt = new DateTime(2026, 3, 3, 14, 30, 0, DateTimeKind.Utc),
            PendingIssue = "u1", WarnedFor = new DateTime(2026, 3, 3, 14, 30, 0, DateTimeKind.Utc),
        };
        new SeriesStore(temp.Db).Save(series);

        var back = new SeriesStore(temp.Reopen()).Find("s1");

        Assert.Equal(Json(series), Json(back));
    }

    [Fact]
    public void A_digest_delivery_moved_by_the_message_budget_round_trips_with_what_it_folds()
    {
        var at = new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
        var digest = Delivery.Send("update-digest:p1:202603091400:0123456789abcdef", "update-digest", "p1", new ChannelAddress { Channel = ChannelKind.Slack, UserId = "U1" },
            Message.Text("2 updates you have not seen"), at) with
        {
            Budgeted = true, HeldUntil = at.UtcDateTime.AddDays(7), DueAt = at.UtcDateTime.AddDays(7), Folds = ["update:a:p1", "update:b:p1"],
        };
        new OutboxStore(temp.Db, new OutboxSignal()).TryEnqueue(digest);

        var back = new OutboxStore(temp.Reopen(), new OutboxSignal()).Find(digest.Id);

        Assert.Equal(Json(digest), Json(back));
    }

    [Fact]
    public void The_schema_version_is_stored_in_the_file()
    {
        Assert.Equal(Migrations.Current, temp.Reopen().SchemaVersion);
    }

    static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value);

    public void Dispose() => temp.Dispose();
}
