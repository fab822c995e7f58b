using HitBot.Core.Directory;
using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Surveys;

/// <summary>Survey runs by status and survey, responses by run and by person, and the groups anonymous runs keep.</summary>
sealed class SurveysSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps =>
    [
        new(5, "surveys", V5Surveys),
        new(17, "answers by person", V17AnswersByPerson),
        new(18, "groups kept by anonymous runs already open", V18KeptGroupsOfOpenRuns),
    ];

    static void V5Surveys(LiteDatabase db)
    {
        var runs = db.GetCollection<SurveyRun>(SurveyStore.Runs);
        runs.EnsureIndex(nameof(SurveyRun.Status), r => r.Status);
        runs.EnsureIndex(nameof(SurveyRun.SurveyId), r => r.SurveyId);
        db.GetCollection<SurveyResponse>(SurveyStore.Responses).EnsureIndex(nameof(SurveyResponse.RunId), r => r.RunId);
    }

    /// <summary>
    /// Erasing a person finds their named answers by this index instead of reading every answer. An anonymous answer has no
    /// PersonId, so it costs the index a null key only.
    /// </summary>
    static void V17AnswersByPerson(LiteDatabase db) =>
        db.GetCollection<SurveyResponse>(SurveyStore.Responses).EnsureIndex(nameof(SurveyResponse.PersonId), r => r.PersonId);

    /// <summary>
    /// From schema 18 an anonymous run counts the sites and partners its answers keep as it opens (<see cref="SurveyRun.KeptGroups"/>)
    /// instead of at every answer. Runs already open are counted here as their answers counted them: everyone the audience
    /// names, inactive people included, in one read of the directory a chunk at a time for all of them. Scheduled runs count
    /// theirs when they open; closed ones take no more answers.
    /// </summary>
    static void V18KeptGroupsOfOpenRuns(LiteDatabase db)
    {
        var runs = db.GetCollection<SurveyRun>(SurveyStore.Runs);
        var open = runs.Find(Query.EQ(nameof(SurveyRun.Status), nameof(RunStatus.Open))).Where(r => r.Anonymous && r.KeptGroups is null)
            .Select(run => (Run: run, Names: Names(run), Groups: new AudienceGroups())).ToList();
        if (open.Count == 0) return;
        foreach (var chunk in KeyOrderChunks.Of(db.GetCollection(DirectoryStore.People), WholePerson, BsonValue.MinValue))
            foreach (var person in chunk.Select(db.Mapper.ToObject<Person>))
                foreach (var (_, names, groups) in open)
                    if (names(person)) groups.Add(person);
        runs.Update(open.Select(o => o.Run with { KeptGroups = KeptGroups.Of(o.Groups) }));
    }

    static readonly BsonExpression WholePerson = BsonExpression.Create("$");

    /// <summary>Whether the run's audience names a person (<see cref="SurveyStore.InAudience"/>), a listed audience looked up in a set.</summary>
    static Func<Person, bool> Names(SurveyRun run)
    {
        if (run.Audience.People.Count == 0) return person => SurveyStore.InAudience(run, person);
        var listed = run.Audience.People.ToHashSet(StringComparer.Ordinal);
        return person => listed.Contains(person.Id);
    }
}
