using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Updates;

/// <summary>The Updates feature over a real LiteDB file, in a program on Chicago time, with time moved by hand.</summary>
public sealed class UpdatesUnderTest : IDisposable
{
    public static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    readonly TempDb temp = new();
    readonly LoopLog log = new();

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
        Budget = new MessageBudget(Outbox, Clock, options);
        var digests = new UpdateDigests(Outbox, Updates, Budget, Time);
        People = new PeopleDirectory(Directory, Time);
        Sender = new UpdateSender(Updates, new AudienceResolver(Directory), Outbox, Budget, digests, new NoQuestionsAsked(), Clock, Time,
            new ReachFromDeliveries(People));
        Corrections = new UpdateCorrections(Updates, Sender, Outbox, digests, Time);
        Scheduling = new UpdateScheduling(Updates, new UpdateScheduleSignal(), Clock, Time);
        Series = new SeriesStore(temp.Db);
        Drafts = new UpdateDrafts(Updates, Series, Sender, Time);
        Calendar = new ProgramCalendar(temp.Db, Clock, Time);
        Held = new HeldSendStore(temp.Db, Time);
        var pauses = new PauseHolds(Held);
        Holds = new UpdateHolds(Calendar, pauses, Clock);
        Posting = new UpdatePosting(People, new AudienceResolver(Directory));
        SeriesRunner = new SeriesRunner(Series, Updates, Sender, People, Outbox, Calendar, pauses, Holds, Clock, log.For<SeriesRunner>());
        Scheduler = new UpdateScheduler(Updates, Sender, Corrections, SeriesRunner, new UpdateScheduleSignal(), new UpdateSchedulerProgress(), Clock, Time,
            log.For<UpdateScheduler>(), Holds);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with HitBot stopping before its commit number <paramref name="commit"/> (0 is the
    /// first), then starts it again on the same file (every part built anew). False when the work finished first.
    /// </summary>
    /// <remarks>
    /// The scheduler and the series runner catch a failed write and go on (it stays due for the next look): a stop inside
    /// their look is seen in their log, not as an exception out of it.
    /// </remarks>
    public bool StopsBeforeCommit(int commit, Action work)
    {
        log.Stopped = false;
        var stopped = temp.StopsBeforeCommit(commit, work) || log.Stopped;
        Build(Options.Create(new ProgramOptions { TimeZone = Chicago.Id }));
        return stopped;
    }

    /// <summary>Stops HitBot, changes the file with LiteDB alone, and starts HitBot again on it (every part built anew).</summary>
    public void RestartAfter(Action<LiteDB.LiteDatabase> onTheFile)
    {
        temp.ReopenAfter(onTheFile);
        Build(Options.Create(new ProgramOptions { TimeZone = Chicago.Id }));
    }

    /// <summary>One look of the update scheduler, as its loop makes every minute: finishes what was stopped, fires what is due.</summary>
    public DateTimeOffset? Look() => Scheduler.Look(Time.GetUtcNow());

    public FakeTimeProvider Time { get; }
    public ProgramClock Clock { get; }
    public HitBot.Core.Storage.HitBotDb Db => temp.Db;
    public DirectoryStore Directory { get; private set; } = null!;
    public UpdateStore Updates { get; private set; } = null!;
    public OutboxStore Outbox { get; private set; } = null!;
    public MessageBudget Budget { get; private set; } = null!;
    public UpdateSender Sender { get; private set; } = null!;
    public UpdateCorrections Corrections { get; private set; } = null!;
    public UpdateScheduling Scheduling { get; private set; } = null!;
    public UpdateDrafts Drafts { get; private set; } = null!;
    public ProgramCalendar Calendar { get; private set; } = null!;
    public HeldSendStore Held { get; private set; } = null!;
    public UpdateHolds Holds { get; private set; } = null!;
    public UpdatePosting Posting { get; private set; } = null!;
    public PeopleDirectory People { get; private set; } = null!;
    public SeriesStore Series { get; private set; } = null!;
    public SeriesRunner SeriesRunner { get; private set; } = null!;
    public UpdateScheduler Scheduler { get; private set; } = null!;

    /// <summary>A person in the directory with a Teams chat, so an audience reaches them.</summary>
    public Person Person(string id, string role, string? partner = null, string? site = null, bool optedOut = false)
    {
        var person = new Person { Id = id, Name = id, Email = id + "@example.org", Roles = [role], Partner = partner, Site = site, OptedOut = optedOut }
            .WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id }, Time.GetUtcNow());
        Directory.Save(person);
        return person;
    }

    /// <summary>Fills a person's week: as many budgeted messages as it takes, so a non-urgent update to them is held for a digest.</summary>
    public void FillWeekOf(Person person) =>
        Outbox.EnqueueMany(Enumerable.Range(1, Budget.MaxPerWeek).Select(i => Delivery.Send($"other:{i}:{person.Id}", $"other:{i}", person.Id,
            person.Identities[0], Message.Text("Earlier news"), Time.GetUtcNow()) with { Budgeted = true }));

    public Update Draft(string id, Audience audience, UpdateSchedule? schedule = null, string? seriesId = null, int? position = null)
    {
        var update = new Update
        {
            Id = id, Title = "Week 12", Body = "Sessions resume Monday.", Audience = audience, CreatedAt = Time.GetUtcNow().UtcDateTime, Schedule = schedule,
            SeriesId = seriesId, SeriesPosition = position,
        };
        Updates.Save(update);
        return update;
    }

    /// <summary>Feedback counts questions in the running app; an update report's question count plays no part here.</summary>
    sealed class NoQuestionsAsked : IQuestionCounts
    {
        public int AskedAbout(string updateId) => 0;
    }

    /// <summary>
    /// The loops' log: notes a stop (<see cref="HitBot.Core.Storage.SimulatedCrash"/>) the loop caught, and fails the test on
    /// any other error a look caught, which would otherwise pass unseen.
    /// </summary>
    sealed class LoopLog
    {
        public bool Stopped { get; set; }

        public ILogger<T> For<T>() => new Logger<T>(this);

        sealed class Logger<T>(LoopLog log) : ILogger<T>
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (exception is HitBot.Core.Storage.SimulatedCrash) log.Stopped = true;
                else if (exception is not null) throw new InvalidOperationException("A look failed: " + formatter(state, exception), exception);
            }
        }
    }

    public void Dispose() => temp.Dispose();
}
