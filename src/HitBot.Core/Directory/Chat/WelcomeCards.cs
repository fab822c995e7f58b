using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.Directory.Chat;

/// <summary>What someone sees when they install HitBot or first write to it.</summary>
public static class WelcomeCards
{
    /// <remarks>
    /// Often read first as a phone notification, by someone who never asked for HitBot (a proactive install): it says who
    /// runs it and how to stop. Tutors own no action items, so theirs leaves those out and its button is help.
    /// </remarks>
    public static Message Welcome(Person person, string programName)
    {
        var ownsItems = person.Roles.Any(r => r != Roles.Tutor);
        if (person.OptedOut) return Stopped(person, programName, ownsItems);
        var does = "- bring you the central team's **weekly updates**\n" +
                   (person.Roles.Contains(Roles.Tutor) ? "- ask short **surveys** about how tutoring is going for you\n" : "") +
                   string.Concat(ForRoles(person).Select(line => $"- {line}\n")) +
                   (ownsItems ? "- remind you of **action-plan steps** you own, and let you update them right here\n" : "") +
                   "- pass your **questions and feedback** to the central team";
        SubmitAction button = ownsItems
            ? new("Show my action items", Interaction.CommandVerb, new() { ["text"] = "my items" })
            : new("What can I ask?", Interaction.CommandVerb, new() { ["text"] = "help" });
        return new(
            $"Welcome to {programName}, {FirstName(person.Name)}!",
            new Card($"Hi {FirstName(person.Name)}, I'm HitBot",
            [
                new TextBlock($"I'm the chat assistant of **{programName}**, run by its central team. Here is what I'll do for you:"),
                new TextBlock(does),
                new TextBlock("Type **help** at any time to see what you can ask me, or **stop** to end updates and surveys " +
                              "(**start** brings them back).", Subtle: true),
            ],
            [button]));
    }

    /// <summary>
    /// For someone who said stop (in their other chat, or through their coordinator) and then opens HitBot: the welcome
    /// promised updates and surveys they will not get, and told them to type stop to end what had already ended.
    /// </summary>
    static Message Stopped(Person person, string programName, bool ownsItems) => new(
        $"Hi {FirstName(person.Name)}, updates and surveys are off for you",
        new Card($"Hi {FirstName(person.Name)}, I'm HitBot",
        [
            new TextBlock($"I'm the chat assistant of **{programName}**, run by its central team."),
            new TextBlock("You have asked not to get updates, surveys or thank-yous, so I don't send them. Type **start** any time to " +
                          "get them again." + (ownsItems ? " Reminders for action-plan steps you own still come: they are your work." : "")),
            new TextBlock("Type **help** to see what you can ask me. Your questions and feedback still reach the central team.", Subtle: true),
        ],
        [new SubmitAction("What can I ask?", Interaction.CommandVerb, new() { ["text"] = "help" })]));

    /// <summary>
    /// What HitBot does for the people in the middle (004's roles): a champion or a partner lead read tutors' surveys as their
    /// follow-up, not as someone asked "how tutoring is going for you". Site and partner as RunCloseMessages and UpdatePosting
    /// need them: without one, nothing is sent for the role, and nothing is promised.
    /// </summary>
    static IEnumerable<string> ForRoles(Person person)
    {
        var central = person.Roles.Contains(Roles.CentralTeam);
        if (person.Roles.Contains(Roles.SiteChampion) && person.Site is { Length: > 0 })
            yield return "send you, when a survey closes, the **tutors at your site who may not stay**, with their answers";
        if (person.Roles.Contains(Roles.PartnerLead) && !central && person.Partner is { Length: > 0 })
            yield return "let you write to the tutors your partner recruited (**post update**), and send you the **tutors your partner recruited who may not stay** when a survey closes";
        if (person.Roles.Contains(Roles.ExecutiveChampion))
            yield return "tell you of **action-plan steps blocked or long overdue**";
        if (central)
            yield return "let you post updates (**post update**) and answer feedback (**feedback inbox**), and send you each survey's summary";
    }

    /// <summary>For someone who left the program and installs HitBot: what "start" and their Home tab tell them, not a welcome.</summary>
    public static Message Left(string programName) => new(
        "You are no longer on the program's roster",
        new Card("Hi, I'm HitBot",
        [
            new TextBlock($"I'm the chat assistant of **{programName}**."),
            new TextBlock(HomePage.LeftText),
        ], []));

    public static Message Unknown(string programName) => new(
        "Please ask your program coordinator to add you",
        new Card("Hi, I'm HitBot",
        [
            new TextBlock($"I'm the chat assistant of **{programName}**: weekly updates, surveys, action-plan reminders and feedback."),
            new TextBlock(InteractionRouter.UnknownPersonText),
        ], []));

    /// <summary>"Maya Lopez" and "Lopez, Maya" (how many district exports write names) both give "Maya"; "Sam Ortiz, Jr." gives "Sam".</summary>
    static string FirstName(string name)
    {
        var parts = name.Split(',', 2, StringSplitOptions.TrimEntries);
        var given = parts.Length == 2 && FirstWord(parts[1]) is { } after && !Suffixes.Contains(after.TrimEnd('.')) ? after : null;
        return given ?? FirstWord(parts[0]) ?? name;
    }

    static string? FirstWord(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();

    static readonly HashSet<string> Suffixes = new(["Jr", "Sr", "II", "III", "IV", "PhD", "MD", "EdD"], StringComparer.OrdinalIgnoreCase);
}
