using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Surveys;

/// <summary>Survey runs by status and survey, responses by run and by person.</summary>
sealed class SurveysSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps => [new(5, "surveys", V5Surveys), new(17, "answers by person", V17AnswersByPerson)];

    static void V5Surveys(LiteDatabase db)
    {
        var runs = db.GetCollection<SurveyRun>(SurveyStore.Runs);
        runs.EnsureIndex(r => r.Status);
        runs.EnsureIndex(r => r.SurveyId);
        db.GetCollection<SurveyResponse>(SurveyStore.Responses).EnsureIndex(r => r.RunId);
    }

    /// <summary>
    /// Erasing a person finds their named answers by this index instead of reading every answer. An anonymous answer has no
    /// PersonId, so it costs the index a null key only.
    /// </summary>
    static void V17AnswersByPerson(LiteDatabase db) =>
        db.GetCollection<SurveyResponse>(SurveyStore.Responses).EnsureIndex(r => r.PersonId);
}
