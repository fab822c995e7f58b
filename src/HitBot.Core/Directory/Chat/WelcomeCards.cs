using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.Directory.Chat;

/// <summary>What someone sees when they install HitBot or first write to it.</summary>
public static class WelcomeCards
{
    /// <summary>
    /// A tutor (and nothing else) owns no action-plan steps (product.md: tutors read updates, answer surveys, send questions
    /// and feedback, get thanks): their welcome does not promise step reminders, and its button shows the latest update.
    /// </summary>
    public static Message Welcome(Person person, string programName)
    {
        var tutorOnly = person.Roles is [Roles.Tutor];
        return new(
            $"Welcome to {programName}, {FirstName(person.Name)}!",
            new Card($"Hi {FirstName(person.Name)}, I'm HitBot",
            [
                new TextBlock($"I'm the chat assistant of **{programName}**. Here is what I'll do for you:"),
                new TextBlock("- bring you the central team's **weekly updates**\n- ask short **surveys** about how tutoring is going for you\n" +
                              (tutorOnly ? "" : "- remind you of **action-plan steps** you own, and let you update them right here\n") +
                              "- pass your **questions and feedback** to the central team"),
                new TextBlock("Type **help** at any time to see what you can ask me.", Subtle: true),
            ],
            [tutorOnly
                ? new SubmitAction("Show the latest update", Interaction.CommandVerb, new() { ["text"] = "latest update" })
                : new SubmitAction("Show my action items", Interaction.CommandVerb, new() { ["text"] = "my items" })]));
    }

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
