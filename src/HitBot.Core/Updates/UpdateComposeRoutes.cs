using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.Updates;

/// <summary>
/// "post update" from chat (Teams: a compose card; Slack: "/hitbot update" opens it as a modal): write, see how many people
/// it reaches, then send. The sender's rights are checked on every step, from the directory, never from card data.
/// </summary>
public sealed class UpdateComposeRoutes(
    UpdateStore updates, UpdateSender sender, UpdatePosting posting, AudienceResolver audiences, PeopleDirectory directory, TimeProvider time,
    UpdateScheduleSignal scheduler, ProgramCalendar calendar, IEnumerable<IChatSetup> chatSetups)
    : IInteractionRoutes
{
    /// <summary>
    /// Where people are reached, as the dashboard says it: a Slack-only district's coordinator was told of tutors "not in
    /// Teams or Slack yet", a chat the district does not use.
    /// </summary>
    readonly string chats = chatSetups.Where(c => c.ReachesPeople).Select(c => c.Kind).Distinct().ToList() is [var only]
        ? only.ToString() : "Teams or Slack";

    public void Register(InteractionRouter router)
    {
        router.MapCommand("post update", "Write and send an update to tutors", Compose, forRoles: [Roles.CentralTeam, Roles.PartnerLead]);
        // A tutor who types "update" wants to read one, not to be told they may not post.
        router.MapCommand("update", "Post an update (Slack: /hitbot update)",
            (i, person) => UpdatePosting.MayPost(person) ? Compose(i, person) : UpdateRoutes.Latest(person, sender, updates), listed: false);
        router.MapVerb<UpdateComposeData>(UpdateComposeCards.ComposeVerb, Check);
        router.MapForm<UpdateComposeData>(UpdateComposeCards.ComposeVerb, (_, person, data) => UpdatePosting.MayPost(person) ? Form(person, data.Token) : null);
        router.MapVerb<UpdateDraftData>(UpdateComposeCards.PostVerb, (_, person, data) => Post(person, data));
        router.MapVerb<UpdateDraftData>(UpdateComposeCards.DiscardVerb, (_, person, data) => Discard(person, data));
        router.MapVerb<UpdateDraftData>(UpdateComposeCards.TestVerb, (_, person, data) => Test(person, data));
    }

    InteractionResult Compose(Interaction interaction, Person person) =>
        UpdatePosting.MayPost(person) ? InteractionResult.Respond(Form(person, token: null)) : InteractionResult.Notify(UpdatePosting.MayNotPost(person));

    Message Form(Person person, string? token) =>
        UpdateComposeCards.Compose(token ?? Guid.NewGuid().ToString("N")[..12], directory.Sites(), directory.Partners(),
            UpdatePosting.IsPartnerLead(person) && person.Partner is { } partner ? directory.PartnerName(partner) ?? partner : null);

    /// <summary>"Check audience": saves the draft (once per form) and answers with how many people it reaches.</summary>
    InteractionResult Check(Interaction interaction, Person person, UpdateComposeData data)
    {
        if (!UpdatePosting.MayPost(person)) return InteractionResult.Notify(UpdatePosting.MayNotPost(person));
        var token = data.Token;
        if (token.Length is 0 or > 32 || !token.All(char.IsAsciiLetterOrDigit)) return InteractionResult.Notify(InteractionRouter.FormGoneText);

        var id = "chat-" + token;
        if (updates.Find(id) is not { } update)
        {
            var inputs = interaction.Inputs;
            var audience = UpdatePosting.IsPartnerLead(person)
                ? UpdatePosting.CohortOf(person)
                : new Audience { Roles = List(inputs, UpdateComposeCards.RolesInput), Sites = List(inputs, UpdateComposeCards.SitesInput), Partners = List(inputs, UpdateComposeCards.PartnersInput) };
            var body = inputs.GetValueOrDefault(UpdateComposeCards.BodyInput);
            if (body is { Length: > UpdateComposeCards.MaxChatBody })
                return NotSaved(person, [$"body: the message holds at most {UpdateComposeCards.MaxChatBody:N0} characters in chat; write longer updates on the dashboard."]);
            var draft = new UpdateDraft(inputs.GetValueOrDefault(UpdateComposeCards.TitleInput), body, null, null, audience);
            if (draft.Problems() is { Count: > 0 } problems)
                return NotSaved(person, problems);
            update = draft.ToUpdate(id, time.GetUtcNow()) with { CreatedBy = person.Id };
            if (posting.Refusal(person, update) is { } refusal) return InteractionResult.Notify(refusal);
            updates.Save(update);
        }
        else if (update.CreatedBy != person.Id) return InteractionResult.Notify(InteractionRouter.FormGoneText);
        // The counts kept until the directory changes: a click is answered in seconds, and every tutor is 100,000 people.
        return InteractionResult.Update(UpdateComposeCards.Confirm(update, audiences.Count(update.Audience), chats));
    }

    /// <summary>
    /// "Send to N people". The update scheduler queues it, woken now (<see cref="UpdateSender.StartSend"/>): the click is
    /// answered at once whatever the audience. Sending is once per person however often it is pressed (the outbox keys).
    /// </summary>
    InteractionResult Post(Person person, UpdateDraftData data)
    {
        if (updates.Find(data.Update) is not { } update)
            return InteractionResult.Notify("Sorry, this update is no longer available.");
        if (posting.Refusal(person, update) is { } refusal) return InteractionResult.Notify(refusal);
        // As "send now" on the dashboard: inside a break or testing window only urgent updates go (README, the program calendar).
        if (!update.Urgent && calendar.PauseToday() is { } pause)
            return InteractionResult.Notify($"Nothing was sent: today is in {pause.Name} ({pause.First:yyyy-MM-dd} to {pause.Last:yyyy-MM-dd}), " +
                "when only urgent updates go out. Send it after the pause, or ask the central team to schedule it.");
        // Sent from the dashboard and recalled since: "no longer available" left the writer wondering whether it went.
        if (update.RecalledAt is not null)
            return InteractionResult.Notify("This update was recalled, so it is not sent again. Duplicate it on the dashboard to write a new one.");
        if (!sender.StartSend(update.Id)) return InteractionResult.Notify("Sorry, this update is no longer available.");
        scheduler.Notify();
        return InteractionResult.Update(UpdateComposeCards.Sent(update, audiences.Count(update.Audience).Recipients));
    }

    /// <summary>"Send me a test": the writer alone gets it, marked [Test]; the confirmation card stays so they can still send.</summary>
    InteractionResult Test(Person person, UpdateDraftData data)
    {
        if (updates.Find(data.Update) is not { } update)
            return InteractionResult.Notify("Sorry, this update is no longer available.");
        if (posting.Refusal(person, update) is { } refusal) return InteractionResult.Notify(refusal);
        return sender.TestSend(update.Id, person.Id) switch
        {
            TestSendResult.Queued => InteractionResult.Notify("A test copy, marked [Test], is on its way to you. Nobody else gets it."),
            TestSendResult.Recalled => InteractionResult.Notify("This update was recalled, so it is not sent again, not even as a test. Duplicate it to write a new one."),
            _ => InteractionResult.Notify("I can't reach you in chat to send a test (are you opted out?)."),
        };
    }

    InteractionResult Discard(Person person, UpdateDraftData data)
    {
        // Someone else's update answers as if there were none: the card data comes from the client and names any id.
        if (updates.Find(data.Update) is not { } update || update.CreatedBy != person.Id && !person.HasRole(Roles.CentralTeam))
            return InteractionResult.Notify("Sorry, this update is no longer available.");
        if (update.Status == UpdateStatus.Sent) return InteractionResult.Notify("This update has already been sent.");
        return InteractionResult.Update(UpdateComposeCards.Discarded(update));
    }

    /// <summary>
    /// Nothing saved, and why: as one notice (Teams shows it over the card, which keeps what was typed) and under the
    /// form's fields, so Slack keeps its modal open with the title and text typed so far; it closed, and a coordinator who
    /// had left no role, site or partner chosen lost the whole update.
    /// </summary>
    static InteractionResult NotSaved(Person person, List<string> problems)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var problem in problems)
            if (FieldOf(problem, UpdatePosting.IsPartnerLead(person)) is { } field)
                fields[field] = fields.TryGetValue(field, out var earlier) ? earlier + " " + Sentence(problem, field) : Sentence(problem, field);
        return new InteractionResult(Notice: "Not saved: " + string.Join(" ", problems)) { InputErrors = fields.Count > 0 ? fields : null };
    }

    /// <summary>The form's input a problem ("title: …", "audience.sites: …") belongs to; a partner lead's form has no audience inputs.</summary>
    static string? FieldOf(string problem, bool partnerLead) => problem[..Math.Max(0, problem.IndexOf(':', StringComparison.Ordinal))] switch
    {
        "title" => UpdateComposeCards.TitleInput,
        "body" => UpdateComposeCards.BodyInput,
        "audience" or "audience.roles" when !partnerLead => UpdateComposeCards.RolesInput,
        "audience.sites" when !partnerLead => UpdateComposeCards.SitesInput,
        "audience.partners" when !partnerLead => UpdateComposeCards.PartnersInput,
        _ => null,
    };

    /// <summary>The problem as a sentence under its field: the field's name goes, as the field shows it.</summary>
    static string Sentence(string problem, string field)
    {
        if (field == UpdateComposeCards.RolesInput && problem.StartsWith("audience:", StringComparison.Ordinal))
            return "Choose who it goes to: at least one role, site or partner.";
        var text = problem[(problem.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        return text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : text;
    }

    static List<string> List(Dictionary<string, string> inputs, string id) =>
        inputs.TryGetValue(id, out var value) ? [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [];
}
