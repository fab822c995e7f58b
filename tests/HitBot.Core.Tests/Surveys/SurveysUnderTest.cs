using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Tests.Surveys;

/// <summary>Survey runs, invitations and answers in a real LiteDB file, as the survey runner leaves them.</summary>
public sealed class SurveysUnderTest : IDisposable
{
    public static readonly DateTime Closed = new(2026, 1, 16, 17, 0, 0, DateTimeKind.Utc);
    readonly TempDb temp = new();

    public SurveysUnderTest()
    {
        Directory = new DirectoryStore(temp.Db);
        Surveys = new SurveyStore(temp.Db, temp.AnonymityKey());
        Outbox = new OutboxStore(temp.Db, new OutboxSignal());
        var people = new PeopleDirectory(Directory, TimeProvider.System);
        Results = new SurveyResults(Surveys, people, Outbox);
        NonResponders = new NonResponders(Surveys, people, Outbox);
        Sites = new SiteResults(Surveys, Results, people, Outbox);
        Clock = new ProgramClock(TimeProvider.System, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" }));
    }

    public HitBotDb Db => temp.Db;
    public DirectoryStore Directory { get; }
    public SurveyStore Surveys { get; }
    public OutboxStore Outbox { get; }
    public SurveyResults Results { get; }
    public NonResponders NonResponders { get; }
    public SiteResults Sites { get; }
    /// <summary>The program's clock, in America/Chicago.</summary>
    public ProgramClock Clock { get; }

    /// <summary>A retention pulse run of the survey "pulse" with the given status.</summary>
    public SurveyRun Run(string id, bool anonymous = false, RunStatus status = RunStatus.Closed, DateTime? closes = null)
    {
        var closesAt = closes ?? Closed;
        var run = new SurveyRun
        {
            Id = id, SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", closesAt).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = closesAt.AddDays(-7), ClosesAt = closesAt, Status = status, Anonymous = anonymous,
        };
        Surveys.Save(run);
        return run;
    }

    /// <summary>A tutor invited to <paramref name="run"/> (their invitation in the outbox); with answers, they answered too.</summary>
    public Person Invite(SurveyRun run, string id, string site = "lincoln", string partner = "city-year", Dictionary<string, string>? answers = null)
    {
        var person = Directory.Find(id) ?? new Person { Id = id, Name = "Tutor " + id, Email = id + "@example.org", Roles = [Roles.Tutor], Site = site, Partner = partner };
        Directory.Save(person);
        Outbox.TryEnqueue(Delivery.Send($"{run.Campaign}:{id}", run.Campaign, id,
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id }, Message.Text("survey"), run.OpensAt));
        if (answers is not null)
            Surveys.Save(new SurveyResponse
            {
                Id = SurveyStore.ResponseId(run.Id, Surveys.RespondentKey(run, id)), RunId = run.Id, PersonId = run.Anonymous ? null : id,
                Site = site, Partner = partner, Answers = answers, SubmittedAt = run.OpensAt.AddDays(1),
            });
        return person;
    }

    public static Dictionary<string, string> Intent(string intent, string support = "4", string? interests = null)
    {
        var answers = new Dictionary<string, string> { [RetentionPulse.IntentQuestion] = intent, ["satisfaction"] = "4", [RetentionPulse.SupportQuestion] = support };
        if (interests is not null) answers[RetentionPulse.InterestsQuestion] = interests;
        return answers;
    }

    public void Dispose() => temp.Dispose();
}
