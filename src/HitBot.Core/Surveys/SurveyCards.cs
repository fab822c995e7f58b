using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;

namespace HitBot.Core.Surveys;

/// <summary>A survey in chat: the form (one card in Teams, a modal in Slack), the thank-you with the recorded answers, the list.</summary>
public static class SurveyCards
{
    public const string AnswerVerb = "survey.answer";
    public const string ChangeVerb = "survey.change";
    public const string OpenVerb = "survey.open";

    /// <param name="partnerLeadSees">The person's partner has a partner lead, who gets their cohort's at-risk list: the card says so (<see cref="PartnerLeadSees"/>).</param>
    public static Message Form(SurveyRun run, TimeZoneInfo zone, IReadOnlyDictionary<string, string>? answers = null, bool reminder = false, bool partnerLeadSees = false)
    {
        var body = new List<CardElement>();
        if (reminder) body.Add(new TextBlock("A friendly reminder: we'd love to hear from you.", Subtle: true));
        if (run.Intro.Length > 0) body.Add(new TextBlock(run.Intro));
        body.Add(new TextBlock($"Open until {Format(run.ClosesAt, zone)}. " + WhoSees(run, partnerLeadSees), Subtle: true));
        foreach (var q in run.Questions)
        {
            var value = answers?.GetValueOrDefault(q.Id);
            body.Add(q.Type switch
            {
                // Teams takes maxLength as a hint: the limit is said before a long answer is refused after Send.
                QuestionType.FreeText => new TextInput(q.Id, q.Text, Multiline: true, MaxLength: Question.MaxText, Required: q.Required, Value: value,
                    Placeholder: NoStudentData.Placeholder(Question.MaxText)),
                _ => new ChoiceInput(q.Id, q.Text, ChoicesShown(q), q.Required,
                    Multiple: q.Type == QuestionType.MultipleChoice,
                    Style: q.Type == QuestionType.Scale10 || q.Choices().Count > 10 ? ChoiceStyle.Compact : ChoiceStyle.Expanded, Value: value),
            });
        }
        return new Message(Preview(run, reminder), new Card(run.Title, body,
            [new SubmitAction("Send my answers", AnswerVerb,
                CardData.Of(new SurveyRunData(run.Id, run.Anonymous || partnerLeadSees ? null : SurveyRunData.LeadNotTold)), ActionStyle.Positive),
             Directory.Chat.ConsentRoutes.StopAction()]));
    }

    /// <summary>
    /// The line a phone shows before the chat is opened: that it is a survey, how long it is and what to do. The title alone
    /// ("Tutor retention pulse") read like a message from a person, and a reminder did not say it was a survey at all.
    /// </summary>
    static string Preview(SurveyRun run, bool reminder)
    {
        var kind = (run.Anonymous ? "Anonymous survey" : "Survey") + (reminder ? " reminder" : "");
        var questions = run.Questions.Count == 1 ? "1 question" : $"{run.Questions.Count} questions";
        return $"{kind}: {run.Title} — {questions}, tap to answer";
    }

    /// <summary>
    /// A question's options as the form shows them: a scale's ends say which is the lowest and which the highest, since a
    /// bare column of numbers on a phone does not (and support of 2 or below puts a tutor on the at-risk list).
    /// </summary>
    static List<Choice> ChoicesShown(Question q)
    {
        var choices = q.Choices();
        var scale = q.Type is QuestionType.Scale5 or QuestionType.Scale10;
        return [.. choices.Select((c, i) => new Choice(
            !scale ? c.Title : i == 0 ? $"{c.Title} (lowest)" : i == choices.Count - 1 ? $"{c.Title} (highest)" : c.Title, c.Value))];
    }

    /// <summary>What a named run's card promises: the retention pulse asks personal questions, so people are told who reads them.</summary>
    public const string NamedNotice = "Your site champion and the central team see your name with these answers.";

    /// <summary><see cref="NamedNotice"/> for a tutor whose partner has a partner lead (who gets their cohort's at-risk list).</summary>
    public const string NamedNoticeWithPartnerLead = "Your site champion, your partner lead and the central team see your name with these answers.";

    /// <summary>Whether this person's card of this run names their partner lead among those who see their name.</summary>
    public static bool PartnerLeadSees(SurveyRun run, Person person, IReadOnlySet<string> partnersWithALead) =>
        !run.Anonymous && person.Partner is { } partner && partnersWithALead.Contains(partner);

    /// <summary>
    /// The run's card for each person of a fan-out: built once per time zone (<paramref name="zoneOf"/>, the closing time is
    /// in the person's own) and with or without their partner lead among those who see their name
    /// (<see cref="PartnerLeadSees"/>), and picked per person rather than rendered per person.
    /// </summary>
    public static Func<Person, Message> FormsFor(SurveyRun run, Func<Person, TimeZoneInfo> zoneOf, IReadOnlySet<string> partnersWithALead, bool reminder = false)
    {
        var built = new Dictionary<(string Zone, bool Lead), Message>();
        return person =>
        {
            var (zone, lead) = (zoneOf(person), PartnerLeadSees(run, person, partnersWithALead));
            if (!built.TryGetValue((zone.Id, lead), out var card))
                built[(zone.Id, lead)] = card = Form(run, zone, reminder: reminder, partnerLeadSees: lead);
            return card;
        };
    }

    static string WhoSees(SurveyRun run, bool partnerLeadSees) => run.Anonymous
        ? "**Anonymous:** your name is not kept with your answers."
        : partnerLeadSees ? "**Not anonymous:** your site champion, your partner lead and the central team see your name with your answers."
        : "**Not anonymous:** your site champion and the central team see your name with your answers.";

    public static Message ThankYou(SurveyRun run, IReadOnlyDictionary<string, string> answers, bool open, bool partnerLeadSees = false)
    {
        var facts = run.Questions.Where(q => answers.ContainsKey(q.Id))
            .Select(q => new Fact(q.Text, SurveyAnswers.Display(q, answers[q.Id]))).ToList();
        var body = new List<CardElement> { new TextBlock("**Thank you!** Your answers help us support tutors better. This is what we recorded:") };
        if (facts.Count > 0) body.Add(new FactList(facts));
        body.Add(new TextBlock(run.Anonymous ? "Your name is not kept with these answers." : partnerLeadSees ? NamedNoticeWithPartnerLead : NamedNotice, Subtle: true));
        List<CardAction> actions = open ? [new SubmitAction("Change my answers", ChangeVerb, CardData.Of(new SurveyRunData(run.Id)))] : [];
        return new Message("Thank you for answering " + run.Title, new Card(run.Title, body, actions));
    }

    /// <remarks>A run closed with "Close now" keeps its planned time in ClosesAt until the close's work is saved.</remarks>
    public static Message Closed(SurveyRun run, TimeZoneInfo zone) =>
        Message.Text($"**{run.Title}** closed on {Format(run.ClosedEarlyAt ?? run.ClosesAt, zone)}, so answers are no longer recorded. Thank you all the same!");

    public static Message List(IReadOnlyList<(SurveyRun Run, bool Answered)> open, TimeZoneInfo zone)
    {
        if (open.Count == 0) return Message.Text("You have no open surveys right now.");
        var facts = open.Select(o => new Fact(o.Run.Title, (o.Answered ? "answered, can still change" : "waiting for you") + " · until " + Format(o.Run.ClosesAt, zone))).ToList();
        var actions = open.Take(5).Select(o => (CardAction)new SubmitAction((o.Answered ? "Change: " : "Answer: ") + Short(o.Run.Title), OpenVerb, CardData.Of(new SurveyRunData(o.Run.Id)))).ToList();
        return new Message(open.Count == 1 ? "1 open survey" : $"{open.Count} open surveys", new Card("Your open surveys", [new FactList(facts)], actions));
    }

    static string Short(string title) => ShortText.Cut(title, 40);

    /// <summary>In the reader's own time (the program's when HitBot does not know theirs), named, so a time in the program's zone is not read as their own.</summary>
    static string Format(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture) + " " + ZoneLabel.Of(zone);
}
