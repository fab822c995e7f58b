using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Surveys;

/// <summary>Survey runs by status and survey, responses by run.</summary>
sealed class SurveysSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps => [new(5, "surveys", V5Surveys)];

    static void V5Surveys(LiteDatabase db)
    {
        var runs = db.GetCollection<SurveyRun>(SurveyStore.Runs);
        runs.EnsureIndex(r => r.Status);
        runs.EnsureIndex(r => r.SurveyId);
        db.GetCollection<SurveyResponse>(SurveyStore.Responses).EnsureIndex(r => r.RunId);
    }
}
