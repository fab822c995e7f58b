using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Surveys;

/// <summary>
/// The survey runner over a real LiteDB file, its looks called by hand, and a restart that reopens the file and builds
/// every part again (nothing held in memory survives it): for stopping HitBot between two writes and starting it again.
/// </summary>
public sealed class SurveyRunnerUnderTest : IDisposable
{
    readonly TempDb temp = new();
    readonly IOptions<ProgramOptions> options = Options.Create(new ProgramOptions { TimeZone = "America/Chicago" });

    public SurveyRunnerUnderTest(DateTimeOffset now)
    {
        Time = new FakeTimeProvider(now);
        Build();
    }

    public FakeTimeProvider Time { get; }
    public HitBot.Core.Storage.HitBotDb Db => temp.Db;
    public DirectoryStore Directory { get; private set; } = null!;
    public SurveyStore Surveys { get; private set; } = null!;
    public OutboxStore Outbox { get; private set; } = null!;
    public SurveyRunner Runner { get; private set; } = null!;

    void Build()
    {
        var clock = new ProgramClock(Time, options);
        Directory = new DirectoryStore(temp.Db);
        var people = new PeopleDirectory(Directory, Time);
        Surveys = new SurveyStore(temp.Db, temp.AnonymityKey());
        Outbox = new OutboxStore(temp.Db, new OutboxSignal());
        var holds = new SurveyHolds(new ProgramCalendar(temp.Db, clock, Time), new PauseHolds(new HeldSendStore(temp.Db, Time)), Surveys, clock);
        Runner = new SurveyRunner(Surveys, new SurveyResults(Surveys, people, Outbox), new RunCloseMessages(people, Outbox, Time),
            new EarlyCheckIns(Surveys, people, Outbox, clock, Time), new AudienceResolver(Directory), Outbox, new MessageBudget(Outbox, clock, options),
            new SurveySignal(), new SurveyRunnerProgress(), clock, Time, NullLogger<SurveyRunner>.Instance, holds);
    }

    /// <summary>HitBot starts again on the same file.</summary>
    public void Restart()
    {
        temp.Reopen();
        Build();
    }

    /// <summary>Stops before commit number <paramref name="commit"/> of <paramref name="work"/>, then restarts (<see cref="TempDb.StopsBeforeCommit"/>).</summary>
    public bool StopsBeforeCommit(int commit, Action<SurveyRunner> work)
    {
        var stopped = temp.StopsBeforeCommit(commit, () => work(Runner));
        Build();
        return stopped;
    }

    /// <summary>Someone on the roster with a Teams chat.</summary>
    public Person Person(string id, string role, DateOnly? startDate = null)
    {
        var person = new Person { Id = id, Name = id, Email = id + "@example.org", Roles = [role], StartDate = startDate }
            .WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id }, Time.GetUtcNow());
        Directory.Save(person);
        return person;
    }

    public void Dispose() => temp.Dispose();
}
