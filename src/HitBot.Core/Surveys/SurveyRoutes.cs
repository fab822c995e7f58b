using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Updates;

namespace HitBot.Core.Surveys;

/// <summary>
/// Answering surveys in chat. The respondent is the authenticated sender, never card data: a card forwarded to someone
/// outside the run's audience records nothing. One response per person and run (an upsert on both), changeable until close.
/// </summary>
public sealed class SurveyRoutes(SurveyStore store, OutboxStore outbox, ProgramClock clock, TimeProvider time, PeopleDirectory people) : IInteractionRoutes
{
    public void Register(InteractionRouter router)
    {
        router.MapVerb<SurveyRunData>(SurveyCards.AnswerVerb, Answer);
        router.MapForm<SurveyRunData>(SurveyCards.AnswerVerb, (_, person, data) => FormFor(person, data));
        router.MapVerb<SurveyRunData>(SurveyCards.ChangeVerb, (_, person, data) => Change(person, data));
        router.MapForm<SurveyRunData>(SurveyCards.ChangeVerb, (_, person, data) => FormFor(person, data), opensFromButtons: true);
        router.MapVerb<SurveyRunData>(SurveyCards.OpenVerb, (_, person, data) => Open(person, data));
        // In Slack, "Answer:" on the Home tab or in "surveys" opens the form as a modal there and then; as a verb it would post
        // the form into the DM, away from the Home tab the person is looking at, for a second press to open it.
        router.MapForm<SurveyRunData>(SurveyCards.OpenVerb, (_, person, data) => OpenForm(person, data), opensFromButtons: true);
        router.MapCommand("surveys", "List your open surveys", (_, person) => List(person));
        // How a tutor also asks: the singular, or "my …". Each was offered to the central team as feedback instead.
        router.MapCommand("survey", "Same as surveys", (_, person) => List(person), listed: false);
        router.MapCommand("my surveys", "Same as surveys", (_, person) => List(person), listed: false);
    }

    const string Gone = "Sorry, this survey is no longer available.";
    public static readonly string LeftRefusal = LeftProgram.Refusal("nothing was recorded");
    public const string AnsweredBeforeInvitationReason = "The person answered the survey before this invitation went out";
    public const string AnsweredBeforeReminderReason = "The person answered the survey before this reminder's turn";
    public const string Cancelled = "This survey was cancelled, so nothing was recorded. Thank you all the same!";

    InteractionResult Answer(Interaction interaction, Person person, SurveyRunData data)
    {
        if (store.FindRun(data.Run) is not { } run) return InteractionResult.Notify(Gone);
        if (Refusal(run, person) is { } refusal) return InteractionResult.Notify(refusal);
        var (answers, problems) = SurveyAnswers.Check(run.Questions, interaction.Inputs);
        if (problems.Count > 0)
        {
            var first = problems.First();
            var question = run.Questions.First(q => q.Id == first.Key).Text;
            return new InteractionResult(Notice: $"Nothing was recorded yet. “{question}”: {first.Value}") { InputErrors = problems };
        }
        var id = SurveyStore.ResponseId(run.Id, store.RespondentKey(run, person.Id));
        // An anonymous answer keeps the day only (all its CSV shows): the private thank-you's delivery keeps the chat it
        // went to and when, and an answer stamped to the same instant would point at its writer. The program's day, as
        // noon there: UTC's day put a Chicago morning's answers on the day before in the CSV, which shows the program's days.
        var now = run.Anonymous ? AnonymousDay(clock) : time.GetUtcNow().UtcDateTime;
        var earlier = store.FindResponse(id);
        var (site, partner) = GroupsKept(run, person);
        // What the form answered on said, not only the roster now: a lead added since it came was not promised the name.
        var toldLead = LeadSees(run, person) && data.PartnerLead != SurveyRunData.LeadNotTold;
        var beforeInvitation = !run.Anonymous && (earlier?.AnsweredBeforeInvitation == true || CancelWaitingInvitation(run, person));
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
            ToldPartnerLead = run.Anonymous ? null : toldLead,
            AnsweredBeforeInvitation = beforeInvitation ? true : null,
        }, answeredBy: person.Id);
        // A reminder the message budget moved to a later day still waits in the outbox: it would ask them again.
        outbox.CancelWaiting(Enumerable.Range(1, run.MaxReminders).Select(n => SurveyRunner.ReminderKey(run, n, person)), AnsweredBeforeReminderReason);
        return InteractionResult.Update(SurveyCards.ThankYou(run, answers, open: true, toldLead)) with { Private = run.Anonymous };
    }

    /// <summary>
    /// Cancels the person's invitation to a named run if it still waits (for their morning, the weekly budget, a quiet-hours
    /// rule): it would bring the form at 09:00 of a survey they had answered from "surveys" or the Home tab. True when it is
    /// cancelled so, now or by an earlier try of this answer that stopped before the answer was saved: the answer then counts
    /// them invited. An anonymous run's stays: the answer cannot say so without pointing at them (left for a later change).
    /// </summary>
    bool CancelWaitingInvitation(SurveyRun run, Person person)
    {
        var invitation = SurveyRunner.InvitationKey(run, person.Id);
        outbox.CancelWaiting([invitation], AnsweredBeforeInvitationReason);
        return outbox.StateOf(invitation) == DeliveryState.Cancelled
            && outbox.Find(invitation) is { LastError: AnsweredBeforeInvitationReason };
    }

    /// <summary>Today in the program, stamped at its noon (a time no clock change skips), the same for every answer that day.</summary>
    public static DateTime AnonymousDay(ProgramClock clock) => DateTime.SpecifyKind(
        TimeZoneInfo.ConvertTimeToUtc(clock.Today().ToDateTime(new TimeOnly(12, 0)), clock.Zone), DateTimeKind.Utc);

    /// <summary>Whether the card tells this person their partner lead sees their name too (named runs, a partner with a lead).</summary>
    bool LeadSees(SurveyRun run, Person person) =>
        !run.Anonymous && person.Partner is { Length: > 0 } && SurveyCards.PartnerLeadSees(run, person, people.PartnersWithALead());

    /// <summary>
    /// An anonymous answer keeps its site and partner only where five or more people of the run's audience share them, as
    /// counted when the run opened (<see cref="SurveyRun.KeptGroups"/>): no answer reads the directory. A named answer keeps both.
    /// </summary>
    static (string? Site, string? Partner) GroupsKept(SurveyRun run, Person person) =>
        !run.Anonymous ? (person.Site, person.Partner)
        // Every anonymous run open since schema 18 has them; one without would keep neither rather than guess.
        : (run.KeptGroups ?? new KeptGroups()).For(person);

    /// <summary>"Change my answers": the form again, filled in with the answers given.</summary>
    InteractionResult Change(Person person, SurveyRunData data)
    {
        if (store.FindRun(data.Run) is not { } run) return InteractionResult.Notify(Gone);
        if (Refusal(run, person) is { } refusal) return InteractionResult.Notify(refusal);
        return InteractionResult.Update(SurveyCards.Form(run, clock.ZoneOf(person), AnswersOf(run, person.Id), partnerLeadSees: LeadSees(run, person))) with { Private = run.Anonymous };
    }

    InteractionResult Open(Person person, SurveyRunData data)
    {
        if (store.FindRun(data.Run) is not { } run) return InteractionResult.Notify(Gone);
        if (Refusal(run, person) is { } refusal) return InteractionResult.Notify(refusal);
        var given = store.FindResponse(SurveyStore.ResponseId(run.Id, store.RespondentKey(run, person.Id)));
        // An answer's thank-you says what its form said of the partner lead, as its answer keeps it.
        var lead = given?.ToldPartnerLead ?? LeadSees(run, person);
        var card = given is null ? SurveyCards.Form(run, clock.ZoneOf(person), partnerLeadSees: lead) : SurveyCards.ThankYou(run, given.Answers, open: true, lead);
        return InteractionResult.Respond(card) with { Private = run.Anonymous };
    }

    InteractionResult OpenForm(Person person, SurveyRunData data)
    {
        if (store.FindRun(data.Run) is not { } run) return InteractionResult.Notify(Gone);
        if (Refusal(run, person) is { } refusal) return InteractionResult.Notify(refusal);
        return InteractionResult.Update(SurveyCards.Form(run, clock.ZoneOf(person), AnswersOf(run, person.Id), partnerLeadSees: LeadSees(run, person)));
    }

    InteractionResult List(Person person) => LeftProgram.Answer(person) ??
        InteractionResult.Respond(SurveyCards.List(store.OpenFor(person, time.GetUtcNow().UtcDateTime), clock.ZoneOf(person)));

    Message? FormFor(Person person, SurveyRunData data) =>
        store.FindRun(data.Run) is { } run && Refusal(run, person) is null
            ? SurveyCards.Form(run, clock.ZoneOf(person), AnswersOf(run, person.Id), partnerLeadSees: LeadSees(run, person))
            : null;

    /// <summary>Why this person may not answer this run now, or null.</summary>
    string? Refusal(SurveyRun run, Person person)
    {
        if (run.Status == RunStatus.Cancelled) return Cancelled;
        // Someone who left counts in no response rate: an answer from an old card would sit in the results unseen.
        if (person.Inactive) return LeftRefusal;
        if (!run.IsOpenAt(time.GetUtcNow().UtcDateTime))
            return run.Status == RunStatus.Scheduled ? "This survey is not open yet." : SurveyCards.Closed(run, clock.ZoneOf(person)).Card.Body.OfType<TextBlock>().First().Markdown;
        // Sent to them, or theirs by the audience now: someone who moved site or role since their card came still answers it.
        if (!SurveyStore.InAudience(run, person) && outbox.StateOf(SurveyRunner.InvitationKey(run, person.Id)) is null)
            return "This survey was not sent to you, so nothing was recorded.";
        return null;
    }

    Dictionary<string, string>? AnswersOf(SurveyRun run, string personId) =>
        store.FindResponse(SurveyStore.ResponseId(run.Id, store.RespondentKey(run, personId)))?.Answers;

}
