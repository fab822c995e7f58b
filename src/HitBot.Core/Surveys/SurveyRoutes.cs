using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Updates;

namespace HitBot.Core.Surveys;

/// <summary>
/// Answering surveys in chat. The respondent is the authenticated sender, never card data: a card forwarded to someone
/// outside the run's audience records nothing. One response per person and run (an upsert on both), changeable until close.
/// </summary>
public sealed class SurveyRoutes(SurveyStore store, DirectoryStore directory, ProgramClock clock, TimeProvider time) : IInteractionRoutes
{
    public void Register(InteractionRouter router)
    {
        router.MapVerb(SurveyCards.AnswerVerb, Answer);
        router.MapForm(SurveyCards.AnswerVerb, i => FormFor(i, i.PersonId));
        router.MapVerb(SurveyCards.ChangeVerb, i => Run(i) is { } run && Refusal(run, i) is null
            ? InteractionResult.Update(SurveyCards.Form(run, clock.Zone, AnswersOf(run, i.PersonId!))) with { Private = run.Anonymous }
            : InteractionResult.Notify(Run(i) is { } r ? Refusal(r, i)! : Gone));
        router.MapForm(SurveyCards.ChangeVerb, i => FormFor(i, i.PersonId), opensFromButtons: true);
        router.MapVerb(SurveyCards.OpenVerb, Open);
        router.MapCommand("surveys", "List your open surveys", List);
    }

    const string Gone = "Sorry, this survey is no longer available.";
    public const string Cancelled = "This survey was cancelled, so nothing was recorded. Thank you all the same!";

    InteractionResult Answer(Interaction interaction)
    {
        if (Run(interaction) is not { } run) return InteractionResult.Notify(Gone);
        if (Refusal(run, interaction) is { } refusal) return InteractionResult.Notify(refusal);
        var (answers, problems) = SurveyAnswers.Check(run.Questions, interaction.Inputs);
        if (problems.Count > 0)
        {
            var first = problems.First();
            var question = run.Questions.First(q => q.Id == first.Key).Text;
            return new InteractionResult(Notice: $"Nothing was recorded yet. “{question}”: {first.Value}") { InputErrors = problems };
        }
        var person = directory.Find(interaction.PersonId!)!;
        var id = SurveyStore.ResponseId(run.Id, store.RespondentKey(run, person.Id));
        var now = time.GetUtcNow().UtcDateTime;
        var earlier = store.FindResponse(id);
        var (site, partner) = GroupsKept(run, person);
        store.Save(new SurveyResponse
        {
            Id = id,
            RunId = run.Id,
            PersonId = run.Anonymous ? null : person.Id,
            Site = site,
            Partner = partner,
            Answers = answers,
            SubmittedAt = earlier?.SubmittedAt ?? now,
            ChangedAt = earlier is null ? null : now,
        });
        return InteractionResult.Update(SurveyCards.ThankYou(run, answers, open: true)) with { Private = run.Anonymous };
    }

    /// <summary>
    /// An anonymous answer keeps its site and partner only where five or more people of the run's audience share them
    /// (one pass over the directory for both); a named answer keeps both.
    /// </summary>
    (string? Site, string? Partner) GroupsKept(SurveyRun run, Person person)
    {
        if (!run.Anonymous) return (person.Site, person.Partner);
        int sameSite = 0, samePartner = 0;
        foreach (var other in directory.All().Where(p => SurveyStore.InAudience(run, p)))
        {
            if (other.Site == person.Site) sameSite++;
            if (other.Partner == person.Partner) samePartner++;
        }
        return (sameSite >= SurveyResults.SmallestGroup ? person.Site : null, samePartner >= SurveyResults.SmallestGroup ? person.Partner : null);
    }

    InteractionResult Open(Interaction interaction)
    {
        if (Run(interaction) is not { } run) return InteractionResult.Notify(Gone);
        if (Refusal(run, interaction) is { } refusal) return InteractionResult.Notify(refusal);
        var answers = AnswersOf(run, interaction.PersonId!);
        var card = answers is null ? SurveyCards.Form(run, clock.Zone) : SurveyCards.ThankYou(run, answers, open: true);
        return InteractionResult.Respond(card) with { Private = run.Anonymous };
    }

    InteractionResult List(Interaction interaction)
    {
        var person = directory.Find(interaction.PersonId!)!;
        return InteractionResult.Respond(SurveyCards.List(store.OpenFor(person, time.GetUtcNow().UtcDateTime), clock.Zone));
    }

    Message? FormFor(Interaction interaction, string? personId) =>
        Run(interaction) is { } run && personId is not null && Refusal(run, interaction) is null
            ? SurveyCards.Form(run, clock.Zone, AnswersOf(run, personId))
            : null;

    /// <summary>Why this person may not answer this run now, or null.</summary>
    string? Refusal(SurveyRun run, Interaction interaction)
    {
        if (run.Status == RunStatus.Cancelled) return Cancelled;
        if (!run.IsOpenAt(time.GetUtcNow().UtcDateTime))
            return run.Status == RunStatus.Scheduled ? "This survey is not open yet." : SurveyCards.Closed(run, clock.Zone).Card.Body.OfType<TextBlock>().First().Markdown;
        if (directory.Find(interaction.PersonId!) is not { } person || !SurveyStore.InAudience(run, person))
            return "This survey was not sent to you, so nothing was recorded.";
        return null;
    }

    Dictionary<string, string>? AnswersOf(SurveyRun run, string personId) =>
        store.FindResponse(SurveyStore.ResponseId(run.Id, store.RespondentKey(run, personId)))?.Answers;

    SurveyRun? Run(Interaction interaction) =>
        interaction.Data.GetValueOrDefault("run") is { } id ? store.FindRun(id) : null;

}
