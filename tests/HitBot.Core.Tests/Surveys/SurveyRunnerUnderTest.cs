using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
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
    public InteractionRouter Router { get; private set; } = null!;

    void Build()
    {
        var clock = new ProgramClock(Time, options);
        Directory = new DirectoryStore(temp.Db);
        var people = new PeopleDirectory(Directory, Time);
        Surveys = new SurveyStore(temp.Db, temp.AnonymityKey());
        Outbox = new OutboxStore(temp.Db, new OutboxSignal());
        var holds = new SurveyHolds(new ProgramCalendar(temp.Db, clock, Time), new PauseHolds(new HeldSendStore(temp.Db, Time)), Surveys, clock);
        Runner = new SurveyRunner(Surveys, new SurveyResults(Surveys, people, Outbox), new RunCloseMessages(people, Outbox, clock, Time),
            new EarlyCheckIns(Surveys, people, Outbox, clock, Time), new AudienceResolver(Directory), Outbox, new MessageBudget(Outbox, clock, options),
            new SurveySignal(), new SurveyRunnerProgress(), clock, Time, NullLogger<SurveyRunner>.Instance, holds, people);
        Router = new InteractionRouter([new SurveyRoutes(Surveys, Outbox, clock, Time, people)], NullLogger<InteractionRouter>.Instance, temp.Db);
    }

    /// <summary>HitBot starts again on the same file.</summary>
    public void Restart()
    {
        temp.Reopen();
        Build();
    }

    /// <summary>HitBot stops, the file is changed with LiteDB alone (as an older HitBot left it), and HitBot starts on it again.</summary>
    public void RestartAfter(Action<LiteDB.LiteDatabase> onTheFile)
    {
        temp.ReopenAfter(onTheFile);
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
    public Person Person(string id, string role, DateOnly? startDate = null, string? site = null, string? partner = null)
    {
        var person = new Person { Id = id, Name = id, Email = id + "@example.org", Roles = [role], StartDate = startDate, Site = site, Partner = partner }
            .WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id }, Time.GetUtcNow());
        Directory.Save(person);
        return person;
    }

    /// <summary>The person presses "Send my answers" on the run's card in Teams, each required question answered with its first choice.</summary>
    public void Answer(Person person, SurveyRun run)
    {
        var result = Router.Handle(new Interaction
        {
            Verb = SurveyCards.AnswerVerb, From = person.Identities[0], Person = Directory.Find(person.Id), Data = new() { ["run"] = run.Id },
            Inputs = run.Questions.Where(q => q.Required).ToDictionary(q => q.Id, q => q.Choices()[0].Value),
        });
        if (result.Notice is { } refused) throw new InvalidOperationException($"{person.Id}'s answer was refused: {refused}");
    }

    public void Dispose() => temp.Dispose();
}
