using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Updates;

/// <summary>The Updates feature over a real LiteDB file, in a program on Chicago time, with time moved by hand.</summary>
public sealed class UpdatesUnderTest : IDisposable
{
    public static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    readonly TempDb temp = new();

    public UpdatesUnderTest(DateTimeOffset now)
    {
        Time = new FakeTimeProvider(now);
        var options = Options.Create(new ProgramOptions { TimeZone = Chicago.Id });
        Clock = new ProgramClock(Time, options);
        Build(options);
    }

    void Build(IOptions<ProgramOptions> options)
    {
        Directory = new DirectoryStore(temp.Db);
        Updates = new UpdateStore(temp.Db);
        Outbox = new OutboxStore(temp.Db, new OutboxSignal());
        var budget = new MessageBudget(Outbox, Clock, options);
        var digests = new UpdateDigests(Outbox, Updates, budget, Time);
        Sender = new UpdateSender(Updates, new AudienceResolver(Directory), Outbox, budget, digests, new NoQuestionsAsked(), Clock, Time);
        Corrections = new UpdateCorrections(Updates, Sender, Outbox, digests, Time);
        Scheduling = new UpdateScheduling(Updates, new UpdateScheduleSignal(), Clock, Time);
        Calendar = new ProgramCalendar(temp.Db, Clock, Time);
        Held = new HeldSendStore(temp.Db, Time);
        Holds = new UpdateHolds(Calendar, new PauseHolds(Held), Clock);
        People = new PeopleDirectory(Directory, Time);
        Posting = new UpdatePosting(People, new AudienceResolver(Directory));
    }

    /// <summary>
    /// Runs <paramref name="work"/> with HitBot stopping before its commit number <paramref name="commit"/> (0 is the
    /// first), then starts it again on the same file (every part built anew). False when the work finished first.
    /// </summary>
    public bool StopsBeforeCommit(int commit, Action work)
    {
        var stopped = temp.StopsBeforeCommit(commit, work);
        Build(Options.Create(new ProgramOptions { TimeZone = Chicago.Id }));
        return stopped;
    }

    /// <summary>Stops HitBot, changes the file with LiteDB alone, and starts HitBot again on it (every part built anew).</summary>
    public void RestartAfter(Action<LiteDB.LiteDatabase> onTheFile)
    {
        temp.ReopenAfter(onTheFile);
        Build(Options.Create(new ProgramOptions { TimeZone = Chicago.Id }));
    }

    public FakeTimeProvider Time { get; }
    public ProgramClock Clock { get; }
    public HitBot.Core.Storage.HitBotDb Db => temp.Db;
    public DirectoryStore Directory { get; private set; } = null!;
    public UpdateStore Updates { get; private set; } = null!;
    public OutboxStore Outbox { get; private set; } = null!;
    public UpdateSender Sender { get; private set; } = null!;
    public UpdateCorrections Corrections { get; private set; } = null!;
    public UpdateScheduling Scheduling { get; private set; } = null!;
    public ProgramCalendar Calendar { get; private set; } = null!;
    public HeldSendStore Held { get; private set; } = null!;
    public UpdateHolds Holds { get; private set; } = null!;
    public UpdatePosting Posting { get; private set; } = null!;
    public PeopleDirectory People { get; private set; } = null!;

    /// <summary>A person in the directory with a Teams chat, so an audience reaches them.</summary>
    public Person Person(string id, string role, string? partner = null, string? site = null, bool optedOut = false)
    {
        var person = new Person { Id = id, Name = id, Email = id + "@example.org", Roles = [role], Partner = partner, Site = site, OptedOut = optedOut }
            .WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id }, Time.GetUtcNow());
        Directory.Save(person);
        return person;
    }

    public Update Draft(string id, Audience audience, UpdateSchedule? schedule = null)
    {
        var update = new Update
        {
            Id = id, Title = "Week 12", Body = "Sessions resume Monday.", Audience = audience, CreatedAt = Time.GetUtcNow().UtcDateTime, Schedule = schedule,
        };
        Updates.Save(update);
        return update;
    }

    /// <summary>Feedback counts questions in the running app; an update report's question count plays no part here.</summary>
    sealed class NoQuestionsAsked : IQuestionCounts
    {
        public int AskedAbout(string updateId) => 0;
    }

    public void Dispose() => temp.Dispose();
}
