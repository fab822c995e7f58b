using HitBot.Core.ActionPlan;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Erasure;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Storage;

/// <summary>One stored document type: the collection it lives in and a sample with every property set.</summary>
public abstract record StoredSample(Type Type, string Collection)
{
    /// <summary>Saves the sample through the real mapper, reopens the file and returns (what went in, what came back) as JSON.</summary>
    public abstract (string Saved, string Loaded) RoundTrip(TempDb temp);

    /// <summary>The sample itself, for the "every property is set" check.</summary>
    public abstract object Document { get; }
}

public sealed record StoredSample<T>(string Collection, T Sample) : StoredSample(typeof(T), Collection) where T : notnull
{
    public override object Document => Sample;

    public override (string Saved, string Loaded) RoundTrip(TempDb temp)
    {
        temp.Db.Collection<T>(Collection).Insert(Sample);
        var loaded = temp.Reopen().Collection<T>(Collection).FindAll().Single();
        return (Json(Sample), Json(loaded));
    }

    static string Json(T value) => System.Text.Json.JsonSerializer.Serialize(value);
}

/// <summary>
/// A fully populated sample of every document type Core stores. Every property differs from its default (checked by
/// <see cref="StoredDocumentSampleTests"/>), so a property the mapper drops or changes shows up in the round trip.
/// Times are UTC whole seconds: LiteDB keeps milliseconds, and a date coming back in another kind is the bug to catch.
/// </summary>
public static class StoredDocumentSamples
{
    static readonly DateTime T0 = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc);

    // Slack, not Teams: Teams is the enum's default, and every field of the sample must differ from its default.
    static readonly ChannelAddress Chat = new()
    {
        Channel = ChannelKind.Slack, UserId = "29:abc", ConversationId = "a:chat", ServiceUrl = "http://127.0.0.1:9/amer/",
        TenantId = "t1", TeamId = "team-1", AadObjectId = "aad", BotId = "28:bot", DisplayName = "Maya",
    };

    static readonly Audience Everyone = new()
    {
        Roles = [Roles.Tutor], Sites = ["lincoln"], Partners = ["city-year"], People = ["p1"], InterestedIn = [Interests.Coaching], Languages = ["es"],
    };

    static readonly List<Question> Questions =
    [
        new() { Id = "intent", Text = "Will you tutor next term?", Type = QuestionType.YesNoUnsure, Required = true,
            Options = [new QuestionOption("yes", "Yes")] },
    ];

    public static IReadOnlyList<StoredSample> All { get; } =
    [
        new StoredSample<Person>(DirectoryStore.People, new Person
        {
            Id = "p1", Name = "  Maya Lopez ", FormerNames = ["Maya Lopes"], Email = "maya@example.org", Roles = [Roles.Tutor, Roles.SiteChampion], Site = "lincoln",
            Partner = "city-year", TimeZone = "America/Denver", Language = "es-MX", Identities = [Chat], IdentityKeys = [Chat.PersonKey()], FormerChatKeys = ["teams:29:old"],
            ConfirmedOwnAccounts = [Chat.PersonKey()],
            StartDate = new DateOnly(2026, 1, 12), Interests = [Interests.Coaching], InterestsAt = T0.AddDays(-3), OptedOut = true,
            OptedOutAt = T0.AddDays(-2), OptedOutBy = ConsentRoutes.SelfService, OptedOutById = "lena", Inactive = true, InactiveSince = T0.AddDays(-1),
            ReachNotes = [new ReachNote { Channel = ChannelKind.Slack, State = ReachStates.Blocked, Detail = "cannot_dm_bot", At = T0 }],
            CreatedAt = T0.AddDays(-30), UpdatedAt = T0,
        }),
        new StoredSample<Site>(DirectoryStore.Sites, new Site { Id = "lincoln-elementary", Name = "Lincoln Elementary" }),
        new StoredSample<Partner>(DirectoryStore.Partners, new Partner { Id = "city-year", Name = "City Year" }),
        new StoredSample<PersonalToken>(PersonalTokens.Collection, new PersonalToken { Id = PersonalTokens.Hash("hbp_x"), PersonId = "p1", CreatedAt = T0 }),
        new StoredSample<ErasureUnderWay>(ErasureStore.Collection, new ErasureUnderWay
        {
            Id = "p1", Name = "Maya Lopez", Email = "maya@example.org", FormerNames = ["Maya Lopes"], ChatAddresses = 2, Tokens = 1, StartedAt = T0, ChatKeys = ["teams:29:p1", "slack:T1:U1"],
        }),
        new StoredSample<Delivery>(OutboxStore.Collection, new Delivery
        {
            Id = "update-edit:u1:2:p1", Campaign = "update-edit:u1:2", PersonId = "p1", Address = Chat, Kind = DeliveryKind.Update,
            MessageJson = MessageJson.Serialize(Message.Text("Corrected")), MessageId = "m-hash", TargetConversationId = "a:chat",
            TargetMessageId = "1:msg", FollowsDeliveryId = "update:u1:p1", State = DeliveryState.Failed, Attempts = 3, DueAt = T0.AddMinutes(5),
            LastError = "429 Too Many Requests", FailureClass = FailureClasses.Throttled, SentConversationId = "a:chat", SentMessageId = "1:new",
            CreatedAt = T0, SentAt = T0.AddMinutes(1), Private = true, Budgeted = true, HeldUntil = T0.AddDays(2), Folds = ["update:a:p1"], Unreported = true, Names = ["p2"], Items = ["data-plan"], NewItems = ["data-plan"], ReaderPost = "site-champion@lincoln",
            ThreadId = "1700000100.000100",
        }),
        new StoredSample<InboundActivity>(InboundStore.Collection, new InboundActivity { Id = "slack:Ev123", ReceivedAt = T0 }),
        new StoredSample<InboxItem>(InboxStore.Collection, new InboxItem { Id = 41, Kind = "slack-event", Payload = "{\"type\":\"event_callback\"}", ReceivedAt = T0 }),
        new StoredSample<SharedMessage>(MessageStore.Collection, new SharedMessage { Id = "m-hash", Json = MessageJson.Serialize(Message.Text("Week 3")), LastUsedAt = T0 }),
        new StoredSample<CalendarEntry>(ProgramCalendar.Collection, new CalendarEntry
        {
            Id = "winter-break", Name = "Winter break", Kind = CalendarKind.Holiday, First = new DateOnly(2026, 12, 21), Last = new DateOnly(2027, 1, 1), CreatedAt = T0,
        }),
        new StoredSample<HeldSend>(HeldSendStore.Collection, new HeldSend
        {
            Id = "update:u1:2026-12-22", Kind = HeldKind.SurveyReminders, SubjectId = "u1", Title = "Week 15", DueAt = T0, Skipped = true,
            GoesAt = T0.AddDays(14), PauseId = "winter-break", PauseName = "Winter break", HeldAt = T0.AddMinutes(-1),
        }),
        new StoredSample<FeedbackItem>(FeedbackStore.Collection, new FeedbackItem
        {
            Id = "f1", Number = 12, Text = "When do sessions resume?", Anonymous = true, PersonId = "p1", ReplyTo = Chat, UpdateId = "u1", OfferedAboutUpdateId = "u2",
            SealedReplyTo = "c2VhbGVk", ReplyToKey = "0123abcd",
            Status = FeedbackStatus.Handled, CreatedAt = T0, HandledAt = T0.AddDays(1),
            Replies = [new FeedbackReply { Id = "feedback-reply:f1:1", Text = "On Monday.", ByPersonId = "p9", At = T0.AddHours(3) }],
            WordsRemoved = new WordsRemoved { At = T0.AddDays(2), ByPersonId = "p9", Note = "Named a student" },
        }),
        new StoredSample<Appreciation>(AppreciationStore.Collection, new Appreciation
        {
            Id = "thanks-1", Title = "Thank you!", Message = "For a great first term.", Audience = Everyone, CreatedAt = T0,
        }),
        new StoredSample<ActionItem>(ActionPlanStore.Items, new ActionItem
        {
            Id = "i1", SeedKey = "reflection", Order = 9, Title = "Conduct Regular Data Reflection Meetings", Description = "d",
            Phase = ActionPhase.ScalingAndSustainability, OwnerId = "p1", DueDate = new DateOnly(2026, 3, 31), Status = ItemStatus.Blocked,
            BlockedReason = "No data yet", History = [new ItemNote { PersonId = "p1", Text = "Asked the data team", At = T0 }], Archived = true,
            StatusChangedAt = T0, SnoozedUntil = new DateOnly(2026, 3, 20), RemindDaysBefore = [14, 3, 0], RemindedThrough = T0.AddDays(1), EscalatedFor = "blocked:1",
            OwnerSince = new DateOnly(2026, 3, 2), UntoldOwnerSince = T0.AddHours(5),
            Repeat = new ItemRepeat { EveryWeeks = 3, Day = DayOfWeek.Wednesday }, SeriesId = "series-1", PreRead = true,
            CreatedAt = T0.AddDays(-10), UpdatedAt = T0,
        }),
        new StoredSample<CurrentPhase>(ProgramPhases.Collection, new CurrentPhase { Id = ProgramPhases.Key, Phase = ActionPhase.InitialImplementation, ChangedAt = T0 }),
        new StoredSample<Survey>(SurveyStore.Surveys, new Survey { Id = "pulse", Title = "Tutor retention pulse", Intro = "Two minutes.", Questions = Questions, CreatedAt = T0 }),
        new StoredSample<SurveyRun>(SurveyStore.Runs, new SurveyRun
        {
            Id = "r1", SurveyId = "pulse", Title = "Tutor retention pulse", Intro = "Two minutes.", Questions = Questions, Audience = Everyone,
            OpensAt = T0, ClosesAt = T0.AddDays(7), PlannedOpensAt = T0.AddDays(-1), Anonymous = true, ReminderEveryDays = 2, MaxReminders = 4,
            RepeatEveryWeeks = 6, Status = RunStatus.Cancelled, CreatedAt = T0.AddDays(-2), CancelledAt = T0.AddDays(1), MessagesStoppedAt = T0.AddDays(1), ClosedEarlyAt = T0.AddHours(5),
            KeptGroups = new() { Sites = ["lincoln"], Partners = ["city-year"] }, InvitedAtClose = 41,
            InvitedGroupsAtClose = new() { Sites = new() { ["lincoln"] = 12, ["garfield-elementary"] = 29 }, Partners = new() { ["city-year"] = 40 } },
            WordsRemoved = [new AnswerWordsRemoved { QuestionId = "help-stay", At = T0.AddDays(2), ByPersonId = "p7", Note = "Named a student" }],
            LaunchKey = "3f9a0c1d7e2b",
        }),
        new StoredSample<SurveyResponse>(SurveyStore.Responses, new SurveyResponse
        {
            Id = "r1:p1", RunId = "r1", PersonId = "p1", Site = "lincoln", Partner = "city-year", Answers = new() { ["intent"] = "unsure" },
            SubmittedAt = T0, ChangedAt = T0.AddHours(2), ToldPartnerLead = true, AnsweredBeforeInvitation = true,
        }),
        new StoredSample<Update>(UpdateStore.Updates, new Update
        {
            Id = "u1", Title = "Week 12", Body = "Sessions resume **Monday**.", ImageUrl = "https://example.org/a.png", ImageAlt = "Tutors reading with students",
            Links = [new UpdateLink("Schedule", "https://example.org/s")], Audience = Everyone, Status = UpdateStatus.Sent, CreatedAt = T0.AddDays(-1),
            CreatedBy = "p9", SentAt = T0, Revision = 2, EditedAt = T0.AddHours(1), EditedBy = "p7", RecalledAt = T0.AddHours(2), SendingCancelledAt = T0.AddHours(2),
            Reach = new ReachCounts { Matched = 100_000, OptedOut = 120, NotInChat = 880, NotReached = new() { [ReachStates.NoChatYet] = 880 } },
            Schedule = new UpdateSchedule { At = T0, Weekly = new WeeklySlot(DayOfWeek.Tuesday, new TimeOnly(8, 30)) }, SentWeeks = ["2026-09-01", "2026-09-08"], NextAt = T0.AddDays(7), SendingSince = T0.AddHours(1), CorrectingSince = T0.AddHours(2),
            Urgent = true, SeriesId = "s1", SeriesPosition = 3, DraftSavedAt = T0.AddHours(-3), DraftSavedBy = "p8",
        }),
        new StoredSample<UpdateReaction>(UpdateStore.Reactions, new UpdateReaction
        {
            Id = UpdateReaction.IdFor("u1", "p1"), UpdateId = "u1", PersonId = "p1", Reaction = Reaction.NotHelpful, At = T0,
        }),
        new StoredSample<ReactionCounts>(ReactionCountStore.Collection, new ReactionCounts
        {
            Id = "u1", Counts = new() { [nameof(Reaction.Helpful)] = 41, [nameof(Reaction.NotHelpful)] = 3 },
        }),
        new StoredSample<UpdateSeries>(SeriesStore.Collection, new UpdateSeries
        {
            Id = "s1", Name = "Tutor newsletter", Rhythm = SeriesRhythm.EveryOtherWeek, Slot = new WeeklySlot(DayOfWeek.Tuesday, new TimeOnly(8, 30)),
            Audience = Everyone, StartsOn = new DateOnly(2026, 3, 2), CreatedAt = T0, NextAt = T0.AddDays(1), PendingIssue = "u1", WarnedFor = T0.AddDays(1),
            StoppedAt = T0.AddHours(2), ChangedBy = "p1", ChangedAt = T0.AddHours(1), MissedSlots = [T0.AddDays(-14), T0.AddDays(-7)],
        }),
    ];

    /// <summary>
    /// Private documents of a store, not reachable from a test as types: each is round-tripped through its store's public
    /// API by the test named here.
    /// </summary>
    public static IReadOnlyDictionary<string, string> CoveredThroughTheirStore { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["HitBot.Core.ActionPlan.ActionPlanStore/MetaEntry"] = nameof(StoredDocumentRoundTripTests.A_digest_marker_time_round_trips_through_the_action_plan_store),
        ["HitBot.Core.Surveys.AnonymityKey/LegacySecret"] = nameof(StoredDocumentRoundTripTests.A_respondent_key_kept_in_the_database_by_an_old_version_is_read_back_and_moved_to_its_file),
    };

    public static StoredSample For(string typeName) => All.Single(s => StoredTypes.NameOf(s.Type) == typeName);
}
