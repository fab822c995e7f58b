using HitBot.Core.Directory;
using System.Security.Cryptography;
using System.Text;
using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Surveys;

/// <summary>Surveys, their runs and the responses, in LiteDB.</summary>
public sealed partial class SurveyStore(HitBotDb db, AnonymityKey anonymityKey)
{
    public const string Surveys = "surveys";
    public const string Runs = "survey_runs";
    public const string Responses = "survey_responses";

    ILiteCollection<Survey> SurveyCollection => db.Collection<Survey>(Surveys);
    ILiteCollection<SurveyRun> RunCollection => db.Collection<SurveyRun>(Runs);
    ILiteCollection<SurveyResponse> ResponseCollection => db.Collection<SurveyResponse>(Responses);

    public Survey? FindSurvey(string id) => SurveyCollection.FindById(id);
    public List<Survey> AllSurveys() => SurveyCollection.FindAll().OrderByDescending(s => s.CreatedAt).ToList();
    public void Save(Survey survey) => SurveyCollection.Upsert(survey);

    public SurveyRun? FindRun(string id) => RunCollection.FindById(id);
    public List<SurveyRun> RunsOf(string surveyId) =>
        RunCollection.Find(Queries.Equal(nameof(SurveyRun.SurveyId), surveyId)).OrderBy(r => r.OpensAt).ToList();
    public List<SurveyRun> RunsIn(RunStatus status) => RunCollection.Find(Queries.Equal(nameof(SurveyRun.Status), status.ToString())).ToList();
    /// <summary>
    /// Saves a run without anyone erased in its audience: a runner or admin that read it before an erasure removed them
    /// would otherwise put them back (checked in the write's transaction, <see cref="ErasedPeople"/>).
    /// </summary>
    /// <remarks>
    /// The record of words removed from its answers is the stored one: only <see cref="RemoveWords"/> writes it, so a runner
    /// that read the run before a removal does not drop it by saving.
    /// </remarks>
    public void Save(SurveyRun run) => db.InTransaction(() =>
        RunCollection.Upsert(WithoutErased(run with { WordsRemoved = RunCollection.FindById(run.Id)?.WordsRemoved ?? run.WordsRemoved })));

    SurveyRun WithoutErased(SurveyRun run)
    {
        if (db.Erased.FirstOf(run.Audience.People) is not null)
            run = run with { Audience = run.Audience with { People = [.. run.Audience.People.Where(p => !db.Erased.Contains(p))] } };
        if (run.WordsRemoved?.Any(w => db.Erased.Contains(w.ByPersonId)) == true)
            run = run with { WordsRemoved = [.. run.WordsRemoved.Select(w => db.Erased.Contains(w.ByPersonId) ? w with { ByPersonId = null } : w)] };
        return run;
    }

    /// <summary>False when a run with this id (same survey, same opening minute) exists: a launch never overwrites one.</summary>
    /// <remarks>Looked up first, in the transaction that inserts it without anyone erased (<see cref="Save(SurveyRun)"/>): a failed insert inside one would leave its data page written.</remarks>
    public bool TryAdd(SurveyRun run) => db.InTransaction(() =>
    {
        if (RunCollection.FindById(run.Id) is not null) return false;
        RunCollection.Insert(WithoutErased(run));
        return true;
    });

    public SurveyResponse? FindResponse(string id) => ResponseCollection.FindById(id);
    public List<SurveyResponse> ResponsesTo(string runId) => ResponseCollection.Find(Queries.Equal(nameof(SurveyResponse.RunId), runId)).ToList();
    /// <summary>The ids of a run's responses (run + respondent key), through the RunId index without their answers.</summary>
    public HashSet<string> ResponseIdsTo(string runId) =>
        [.. ResponseCollection.Query().Where(Queries.Equal(nameof(SurveyResponse.RunId), runId)).Select(IdOnly).ToDocuments().Select(r => r["_id"].AsString)];

    static readonly BsonExpression IdOnly = BsonExpression.Create("{ _id: $._id }");

    /// <summary>Moves whenever any response is written or deleted (<see cref="CollectionChanges"/>): read it before the responses.</summary>
    public long ResponseChanges => db.Changes.Of(Responses);

    /// <summary>Whether an open anonymous run holds answers: keyed by the anonymity key, which must then be the same one.</summary>
    public bool OpenAnonymousRunsHoldAnswers() => RunsIn(RunStatus.Open).Any(run => run.Anonymous && CountResponses(run.Id) > 0);

    public int CountResponses(string runId) => ResponseCollection.Count(Queries.Equal(nameof(SurveyResponse.RunId), runId));

    /// <summary>The respondent key an erased person's named answer is kept under (<see cref="ErasePerson"/>), before its random part.</summary>
    const string ErasedKey = "erased-";

    /// <summary>
    /// A named run's answers kept from people erased since (their invitations went with them): they were asked and answered,
    /// so the run's counts keep them. Read as ids through the RunId index.
    /// </summary>
    public int CountErasedResponses(string runId) =>
        ResponseIdsTo(runId).Count(id => id.StartsWith(ResponseId(runId, ErasedKey), StringComparison.Ordinal));

    /// <summary>
    /// A run's answers that count their respondent invited by themselves, their invitation being gone or cancelled: those
    /// kept from people erased since (<see cref="CountErasedResponses"/>) and those given before the invitation went
    /// (<see cref="SurveyResponse.AnsweredBeforeInvitation"/>), each once. Read through the RunId index, two fields a row.
    /// </summary>
    public int CountAnswersInvitedByThemselves(string runId) =>
        ResponseCollection.Query().Where(Queries.Equal(nameof(SurveyResponse.RunId), runId)).Select(IdAndEarly).ToDocuments()
            .Count(r => r["_id"].AsString.StartsWith(ResponseId(runId, ErasedKey), StringComparison.Ordinal) || r[nameof(SurveyResponse.AnsweredBeforeInvitation)] == true);

    static readonly BsonExpression IdAndEarly = BsonExpression.Create("{ _id: $._id, AnsweredBeforeInvitation: $.AnsweredBeforeInvitation }");

    /// <summary>Whether this answer counts its respondent invited by itself (<see cref="CountAnswersInvitedByThemselves"/>).</summary>
    public static bool InvitedByItself(SurveyResponse response) => IsErasedAnswer(response) || response.AnsweredBeforeInvitation == true;

    /// <summary>Whether this answer is kept from someone erased since (<see cref="ErasePerson"/>), in a named or an anonymous run.</summary>
    public static bool IsErasedAnswer(SurveyResponse response) => response.Id.StartsWith(ResponseId(response.RunId, ErasedKey), StringComparison.Ordinal);

    /// <summary>One response per person and run: the id is both, so an answer changed or sent twice is one row.</summary>
    public void Save(SurveyResponse response) => Save(response, response.PersonId);

    /// <summary>
    /// Saves <paramref name="answeredBy"/>'s answer (the response names nobody in an anonymous run); refused with
    /// <see cref="PersonErasedException"/> when they were erased after the request read them, in the write's transaction.
    /// </summary>
    public void Save(SurveyResponse response, string? answeredBy) => db.InTransaction(() =>
    {
        db.Erased.ThrowIfAny(answeredBy, response.PersonId);
        return ResponseCollection.Upsert(response);
    });

    /// <summary>
    /// The respondent key of a person in a run: the person id when the run is named; for an anonymous run an HMAC of run
    /// and person under a random key kept outside this database (<see cref="AnonymityKey"/>), so a second answer is recognised but no stored value names anyone.
    /// </summary>
    public string RespondentKey(SurveyRun run, string personId)
    {
        if (!run.Anonymous) return personId;
        var hash = HMACSHA256.HashData(anonymityKey.Value, Encoding.UTF8.GetBytes(run.Id + "\n" + personId));
        return "a-" + Convert.ToHexStringLower(hash)[..32];
    }

    public static string ResponseId(string runId, string respondentKey) => $"{runId}:{respondentKey}";

    /// <summary>The runs open now whose audience includes this person, soonest closing first, and whether they answered.</summary>
    public List<(SurveyRun Run, bool Answered)> OpenFor(Directory.Person person, DateTime now) =>
        [.. RunsIn(RunStatus.Open).Where(r => r.IsOpenAt(now) && InAudience(r, person)).OrderBy(r => r.ClosesAt)
            .Select(r => (r, FindResponse(ResponseId(r.Id, RespondentKey(r, person.Id))) is not null))];

    public static bool InAudience(SurveyRun run, Directory.Person person) =>
        run.Audience.People.Count > 0 ? run.Audience.People.Contains(person.Id) : AudienceResolver.Matches(person, run.Audience);

    /// <summary>
    /// The answers that carry this person's id, for their data export (the PersonId index, schema 17). An answer to an
    /// anonymous run carries none: it is kept under a keyed hash, which this never computes.
    /// </summary>
    public List<SurveyResponse> AnswersNaming(string personId) => [.. ResponseCollection.Find(Queries.Equal(nameof(SurveyResponse.PersonId), personId))];

    /// <summary>
    /// Erasing a person: their named answers stay in the results as anonymous ones (a new id that names nobody), and runs
    /// addressed to them by name no longer list them. Their answers to anonymous runs take such an id too: their invitation
    /// goes with them, and the run counts them invited by it (as a named run does); kept under their keyed hash, the answer
    /// counted against an invited number that had lost them, and an open run's rate rose, past 100% where all had answered.
    /// </summary>
    /// <remarks>
    /// Listed outside the write lock (their answers through the PersonId index, schema 17; the runs, hundreds, read whole),
    /// then changed a chunk to a transaction, each read again there (<see cref="HitBotDb.InChunks{T}"/>). Run again after a
    /// stop partway, it finds only what is left.
    /// </remarks>
    public int ErasePerson(string personId)
    {
        var answers = ResponseCollection.Find(Queries.Equal(nameof(SurveyResponse.PersonId), personId)).Select(r => r.Id).ToList();
        var anonymous = db.InChunks(answers, chunk => chunk.Count(id =>
        {
            if (ResponseCollection.FindById(id) is not { } response || response.PersonId != personId) return false;
            ResponseCollection.Delete(response.Id);
            ResponseCollection.Insert(response with { Id = ResponseId(response.RunId, ErasedKey + Guid.NewGuid().ToString("N")[..12]), PersonId = null });
            return true;
        }));
        var all = RunCollection.FindAll().ToList();
        var keyed = all.Where(r => r.Anonymous).Select(r => ResponseId(r.Id, RespondentKey(r, personId))).Where(id => ResponseCollection.FindById(id) is not null).ToList();
        db.InChunks(keyed, chunk => chunk.Count(id =>
        {
            if (ResponseCollection.FindById(id) is not { } response) return false;
            ResponseCollection.Delete(response.Id);
            ResponseCollection.Insert(response with { Id = ResponseId(response.RunId, ErasedKey + Guid.NewGuid().ToString("N")[..12]) });
            return true;
        }));
        var runs = all.Where(r => Names(r, personId)).Select(r => r.Id).ToList();
        db.InChunks(runs, chunk => chunk.Count(id =>
        {
            if (RunCollection.FindById(id) is not { } run || !Names(run, personId)) return false;
            return RunCollection.Update(run with
            {
                Audience = run.Audience with { People = run.Audience.People.Where(p => p != personId).ToList() },
                WordsRemoved = run.WordsRemoved?.Select(w => w.ByPersonId == personId ? w with { ByPersonId = null } : w).ToList(),
            });
        }));
        return anonymous;
    }

    /// <summary>The runs addressed to this person by name or whose answers they removed words from, for their data export.</summary>
    public List<SurveyRun> RunsNaming(string personId) => [.. RunCollection.FindAll().Where(r => Names(r, personId))];

    static bool Names(SurveyRun run, string personId) =>
        run.Audience.People.Contains(personId) || run.WordsRemoved?.Any(w => w.ByPersonId == personId) == true;
}
