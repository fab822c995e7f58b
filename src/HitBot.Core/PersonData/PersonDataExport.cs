using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;

namespace HitBot.Core.PersonData;

/// <summary>
/// Answers "what does HitBot hold about me?" for one person: each store is asked for what carries their id (the same
/// stores their erasure changes), and nothing is looked up by their chats, so nothing they sent anonymously is found.
/// </summary>
public sealed class PersonDataExport(
    DirectoryStore directory, PersonalTokens tokens, OutboxStore outbox, FeedbackStore feedback, AppreciationStore thanks,
    SurveyStore surveys, ActionPlanStore plan, UpdateStore updates, SeriesStore series, TimeProvider time)
{
    /// <summary>The document; null when there is no such person (never on the roster, or erased).</summary>
    public PersonDataDocument? For(string personId)
    {
        if (directory.Find(personId) is not { } person) return null;
        // Their chats, now and before: a row answering something they wrote before they were linked carries no person id.
        var chats = person.Identities.Select(i => i.PersonKey()).Concat(person.FormerChatKeys).Distinct(StringComparer.Ordinal).ToList();
        var (to, naming) = outbox.AboutPerson(personId, chats);
        var items = feedback.NamingPerson(personId);
        var runs = surveys.RunsNaming(personId);
        var seriesNaming = series.Naming(personId);
        return new PersonDataDocument(
            person.Id, time.GetUtcNow().UtcDateTime, Record(person),
            [.. person.Identities.Select(i => new ChatIdentity(i.Channel.ToString(), i.UserId, i.ConversationId, i.TeamId, i.TenantId, i.AadObjectId, i.ServiceUrl, i.DisplayName))],
            new Consent(person.OptedOut, person.OptedOutAt, person.OptedOutBy is null ? null : person.OptedOutBy == "self" ? "themselves" : CentralTeam),
            tokens.IssuedAt(personId),
            [.. to.Where(d => !RemindsOfAnonymousRun(d)).OrderBy(d => d.CreatedAt).Select(MessageOf)],
            [.. naming.OrderBy(d => d.CreatedAt).Select(d => new MessageNamingThem(d.Campaign, State(d.State), d.CreatedAt, d.SentAt))],
            [.. items.Where(i => i.PersonId == personId && !i.Anonymous && i.Status != FeedbackStatus.Offered).OrderBy(i => i.CreatedAt).Select(FeedbackOf)],
            [.. items.SelectMany(i => i.Replies.Where(r => r.ByPersonId == personId).Select(r => new ReplyTheyWrote(i.Number, r.Text, r.At))).OrderBy(r => r.At)],
            [.. thanks.Naming(personId).OrderBy(a => a.CreatedAt).Select(a => new ThankYou(a.Title, a.Message, a.CreatedAt))],
            [.. surveys.AnswersNaming(personId).Select(AnswerOf).OfType<SurveyAnswer>().OrderBy(a => a.AnsweredAt)],
            [.. plan.About(personId).OrderBy(i => i.Order).Select(i => ItemOf(i, personId))],
            [.. updates.ReactionsBy(personId).OrderBy(r => r.At).Select(r => new UpdateReactionOfTheirs(r.UpdateId, updates.Find(r.UpdateId)?.Title, r.Reaction.ToString(), r.At))],
            [.. updates.WrittenBy(personId).OrderBy(u => u.CreatedAt).Select(u => new UpdateTheyWrote(u.Id, u.Title, u.Status.ToString(), u.CreatedAt, u.SentAt))],
            NotIncludedList)
        {
            FormerChats = [.. person.FormerChatKeys],
            AudiencesNamingThem = [.. AudiencesNaming(personId, runs, seriesNaming).OrderBy(a => a.CreatedAt)],
            StaffActions = [.. StaffActionsOf(person, items, runs, seriesNaming).OrderBy(a => a.At)],
        };
    }

    /// <summary>The updates, survey runs and series addressed to them by name (an audience's people list), as their erasure finds them.</summary>
    IEnumerable<AudienceNamingThem> AudiencesNaming(string personId, List<SurveyRun> runs, List<UpdateSeries> seriesNaming) =>
        updates.AddressedTo(personId).Select(u => new AudienceNamingThem("update", u.Id, u.Title, u.CreatedAt, u.SentAt))
            .Concat(runs.Where(r => r.Audience.People.Contains(personId)).Select(r => new AudienceNamingThem("survey", r.Id, r.Title, r.CreatedAt, r.OpensAt)))
            .Concat(seriesNaming.Where(s => s.Audience.People.Contains(personId)).Select(s => new AudienceNamingThem("series", s.Id, s.Name, s.CreatedAt, null)));

    /// <summary>
    /// What they did as program staff that HitBot keeps their id on (and their erasure takes it off): stops set for others
    /// (never whose), words removed from feedback or survey answers (never the words), a series they last changed.
    /// </summary>
    IEnumerable<StaffAction> StaffActionsOf(Person person, List<FeedbackItem> items, List<SurveyRun> runs, List<UpdateSeries> seriesNaming) =>
        directory.OptOutsSetBy(person.Id, [person.Name, .. person.FormerNames]).Select(at => new StaffAction("Stopped or restarted HitBot's messages for another person", at))
            .Concat(items.Where(i => i.WordsRemoved?.ByPersonId == person.Id).Select(i => new StaffAction($"Removed words from feedback #{i.Number}", i.WordsRemoved?.At)))
            .Concat(runs.SelectMany(r => (r.WordsRemoved ?? []).Where(w => w.ByPersonId == person.Id)
                .Select(w => new StaffAction($"Removed words from answers to the survey \"{r.Title}\"", w.At))))
            .Concat(seriesNaming.Where(s => s.ChangedBy == person.Id).Select(s => new StaffAction($"Last changed the update series \"{s.Name}\"", s.ChangedAt)));

    /// <summary>How other people appear: as the chat cards name the writer of a reply, never by name.</summary>
    const string CentralTeam = "central team";

    PersonRecord Record(Person p) => new(
        p.Name, p.FormerNames, p.Email, p.Roles, p.Site is { } site ? directory.FindSite(site)?.Name ?? site : null,
        p.Partner is { } partner ? directory.FindPartner(partner)?.Name ?? partner : null, p.TimeZone, p.Language, p.StartDate, p.Interests,
        p.InterestsAt, !p.Inactive, p.InactiveSince, [.. p.ReachNotes.Select(n => new ReachNoteOfTheirs(n.Channel.ToString(), n.State, n.Detail, n.At))],
        p.CreatedAt, p.UpdatedAt);

    /// <summary>An anonymous run's reminders go to those who have not answered: who got one would tell who had.</summary>
    bool RemindsOfAnonymousRun(Delivery d) =>
        d.Campaign.StartsWith("survey:", StringComparison.Ordinal) && d.Campaign.EndsWith(":reminders", StringComparison.Ordinal)
        && surveys.FindRun(d.Campaign["survey:".Length..^":reminders".Length]) is not { Anonymous: false };

    static MessageToThem MessageOf(Delivery d) => new(
        d.Id, d.Campaign, d.Kind.ToString(), State(d.State), d.Address.Channel.ToString(), d.CreatedAt, d.SentAt,
        d.State is DeliveryState.Sent ? null : d.LastError, d.MessageJson.Length == 0 ? [] : Words(MessageJson.Deserialize(d.MessageJson)));

    static string State(DeliveryState state) => state.ToString().ToLowerInvariant();

    /// <summary>The words a card shows, in its order: title, text, facts, the labels of what it asked.</summary>
    static List<string> Words(Message message)
    {
        var words = new List<string>();
        if (message.Card.Title is { Length: > 0 } title) words.Add(title);
        foreach (var element in message.Card.Body)
            switch (element)
            {
                case TextBlock text: words.Add(text.Markdown); break;
                case FactList facts: words.AddRange(facts.Facts.Select(f => $"{f.Title}: {f.Value}")); break;
                case ChoiceInput choice: words.Add(choice.Label); break;
                case TextInput input: words.Add(input.Label); break;
                case DateInput date: words.Add(date.Label); break;
            }
        if (words.Count == 0 && message.Summary.Length > 0) words.Add(message.Summary);
        return words;
    }

    FeedbackTheyWrote FeedbackOf(FeedbackItem i) => new(
        i.Number, i.Text, i.UpdateId is { } u ? updates.Find(u)?.Title : null, i.Status.ToString().ToLowerInvariant(), i.CreatedAt, i.HandledAt,
        i.WordsRemoved?.At, [.. i.Replies.Select(r => new ReplyToThem(r.Text, r.At, CentralTeam))]);

    /// <summary>An answer to a named run, each question by its words; null for a run that is anonymous or gone.</summary>
    SurveyAnswer? AnswerOf(SurveyResponse r)
    {
        if (surveys.FindRun(r.RunId) is not { Anonymous: false } run) return null;
        var answers = r.Answers.Select(a => run.Questions.FirstOrDefault(q => q.Id == a.Key) is { } q
            ? new QuestionAnswer(q.Text, q.Choices().FirstOrDefault(c => c.Value == a.Value)?.Title ?? a.Value)
            : new QuestionAnswer(a.Key, a.Value));
        return new SurveyAnswer(run.Title, run.Id, [.. answers], r.SubmittedAt, r.ChangedAt);
    }

    /// <summary>An item they own with all its history; one they only wrote on with their own lines.</summary>
    static ActionItemOfTheirs ItemOf(ActionItem i, string personId)
    {
        var owner = i.OwnerId == personId;
        var history = i.History.Where(h => owner || h.PersonId == personId)
            .Select(h => new ItemHistoryLine(h.At, h.Text, h.PersonId == personId ? "them" : h.PersonId is null ? CentralTeam : "program staff"));
        return new ActionItemOfTheirs(i.Id, i.Title, owner, i.Status.ToString(), i.DueDate, i.BlockedReason, i.SnoozedUntil, [.. history]);
    }

    static readonly List<NotIncluded> NotIncludedList =
    [
        new("Feedback sent anonymously and answers to anonymous surveys",
            "HitBot keeps them apart from whoever sent them and this export never looks for them, so nothing here links them to this person."),
        new("Receipts and replies for anonymous answers or feedback, the offer to pass typed text on, and reminders of anonymous surveys",
            "they would show what this person sent anonymously, or whether they had answered; once sent, HitBot keeps neither their words nor the chat."),
        new("Text typed to HitBot that was not sent as feedback",
            "it could still be sent anonymously; HitBot deletes it after HitBot:Storage:RetentionDays if it is not sent."),
        new("The words of messages to other people that name this person (listed under messagesNamingThem)",
            "those messages name other people too; the list says what each was about and when."),
        new("Earlier stop and start", "HitBot keeps only the latest choice, when it was made and by whom (themselves or the central team)."),
        new("An audit log", "HitBot keeps none in its database; each export of a person's data is written to the server's log, with ids only."),
        new("Working records that last from seconds to a day (requests being handled, ids that stop a request being handled twice, a Teams link waiting to be tried again)",
            "they are deleted on their own once handled."),
        new("Messages older than HitBot:Storage:RetentionDays, and backups", "HitBot deletes old messages; a backup holds what was there when it was taken."),
    ];
}
