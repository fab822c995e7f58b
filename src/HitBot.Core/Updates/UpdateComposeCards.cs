using HitBot.Core.Directory;
using HitBot.Core.Messaging;

namespace HitBot.Core.Updates;

/// <summary>"post update" in chat: the compose form, the "reaches N people" confirmation, and what happened.</summary>
public static class UpdateComposeCards
{
    public const string ComposeVerb = "update.compose";
    public const string PostVerb = "update.post";
    public const string DiscardVerb = "update.discard";
    public const string TestVerb = "update.test";
    public const string TitleInput = "title";
    public const string BodyInput = "body";
    public const string RolesInput = "roles";
    public const string SitesInput = "sites";
    public const string PartnersInput = "partners";
    /// <summary>What a chat form can hold (Slack's text input takes 3,000 characters); longer updates are written on the dashboard.</summary>
    public const int MaxChatBody = 3000;

    /// <summary>The compose form. A partner lead gets no audience choice: their cohort is the audience.</summary>
    public static Message Compose(string token, IReadOnlyList<Site> sites, IReadOnlyList<Partner> partners, string? cohortOf = null)
    {
        var body = new List<CardElement>
        {
            new TextInput(TitleInput, "Title", MaxLength: Update.MaxTitle, Required: true, Placeholder: "Week 12: sessions resume Monday"),
            new TextInput(BodyInput, "Message (Markdown: **bold**, lists, links)", Multiline: true, MaxLength: MaxChatBody, Required: true),
        };
        if (cohortOf is not null)
            body.Add(new TextBlock($"It goes to the tutors {cohortOf} recruited.", Subtle: true));
        else
        {
            body.Add(new ChoiceInput(RolesInput, "Send to (roles)", [.. Roles.All.Select(r => new Choice(Roles.Title(r), r))],
                Multiple: true, Style: ChoiceStyle.Compact, Value: Roles.Tutor));
            if (sites.Count > 0)
            {
                body.Add(new ChoiceInput(SitesInput, "Only at these sites (optional)", [.. sites.Take(MaxChoices).Select(s => new Choice(s.Name, s.Id))],
                    Multiple: true, Style: ChoiceStyle.Compact));
                if (Cut(sites.Count, sites.Take(MaxChoices).Last().Name, "sites") is { } note) body.Add(note);
            }
            if (partners.Count > 0)
            {
                body.Add(new ChoiceInput(PartnersInput, "Only from these partners (optional)", [.. partners.Take(MaxChoices).Select(p => new Choice(p.Name, p.Id))],
                    Multiple: true, Style: ChoiceStyle.Compact));
                if (Cut(partners.Count, partners.Take(MaxChoices).Last().Name, "partners") is { } note) body.Add(note);
            }
        }
        body.Add(new TextBlock("Nothing is sent yet: next you'll see how many people it reaches.", Subtle: true));
        return new Message("Post an update", new Card("Post an update", body,
            [new SubmitAction("Check audience", ComposeVerb, CardData.Of(new UpdateComposeData(token)), ActionStyle.Positive)]));
    }

    /// <param name="chats">The chats HitBot reaches people in, as the dashboard names them ("Slack", "Teams", "Teams or Slack").</param>
    public static Message Confirm(Update update, AudienceCounts reach, string chats = "Teams or Slack")
    {
        var left = new List<string>();
        if (reach.OptedOut > 0) left.Add($"{reach.OptedOut} opted out");
        if (reach.NotInChat > 0) left.Add($"{reach.NotInChat} not in {chats} yet");
        var reaches = reach.Recipients;
        var facts = new List<Fact> { new("Title", update.Title), new("Reaches", People(reaches)) };
        if (left.Count > 0) facts.Add(new Fact("Left out", string.Join(", ", left)));
        var preview = MarkdownText.Preview(update.Body, 601);
        var actions = new List<CardAction>
        {
            new SubmitAction("Send me a test", TestVerb, CardData.Of(new UpdateDraftData(update.Id))),
            new SubmitAction("Cancel", DiscardVerb, CardData.Of(new UpdateDraftData(update.Id))),
        };
        if (reaches > 0)
            actions.Insert(0, new SubmitAction($"Send to {People(reaches)}", PostVerb, CardData.Of(new UpdateDraftData(update.Id)), ActionStyle.Positive));
        return new Message($"Ready to send? It reaches {People(reaches)}", new Card("Ready to send?",
        [
            new FactList(facts),
            new TextBlock(preview),
            new TextBlock(reaches > 0 ? "It goes out when you press Send." : "Nobody in this audience can be reached in chat yet, so there is nothing to send.", Subtle: true),
        ], actions));
    }

    public static Message Sent(Update update, int recipients) =>
        // Not "type updates to see it": that lists what reached the reader, and the writer is seldom in their tutors' audience.
        Message.Text($"Sent: **{update.Title}** is on its way to {People(recipients)}.");

    public static Message Discarded(Update update) => Message.Text($"Not sent. **{update.Title}** stays a draft for the central team.");

    /// <summary>What a Slack drop-down holds (protocols.md §8): the sites and partners past it are not in the form.</summary>
    const int MaxChoices = 100;

    /// <summary>
    /// Says where a list of sites or partners stops and where the rest can be chosen: past the 100th (in name order) they
    /// were left out without a word, and a coordinator looking for their site could not tell it was missing, not misspelt.
    /// </summary>
    static TextBlock? Cut(int count, string lastListed, string plural) => count <= MaxChoices ? null : new TextBlock(
        $"A chat form lists {MaxChoices} {plural} and this program has {count:N0}: the list stops at {lastListed}. " +
        $"For one after it, write the update on the dashboard's Updates page.", Subtle: true);

    static string People(int n) => n == 1 ? "1 person" : $"{n:N0} people";

}
