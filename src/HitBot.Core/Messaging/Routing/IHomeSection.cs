using HitBot.Core.Directory;

namespace HitBot.Core.Messaging.Routing;

/// <summary>One part of a person's home page in chat (Slack's App Home tab): each feature adds its own.</summary>
public interface IHomeSection
{
    /// <summary>Lower comes first.</summary>
    int Order { get; }

    /// <summary>The section for this person, or null when it has nothing to show them. <paramref name="person"/> is null for someone not on the roster.</summary>
    Message? Render(Person? person);
}

/// <summary>The sections of a person's home page, in order; someone who left the program sees only that they left.</summary>
public sealed class HomePage(IEnumerable<IHomeSection> sections)
{
    public const string LeftText =
        "You are no longer on the program's roster, so there is nothing for you here now. " +
        "If you are back in the program, please ask your program coordinator to reactivate you.";

    // A deactivated person stays linked until erased: without this their items, open surveys and latest update would
    // stay on a page anyone at their screen can open, and updates sent after they left are not theirs to read.
    public IReadOnlyList<Message> For(Person? person) => person is { Inactive: true }
        ? [new Message(LeftText, new Card("You are no longer on the program's roster", [new TextBlock(LeftText)], []))]
        : sections.OrderBy(s => s.Order).Select(s => s.Render(person)).OfType<Message>().ToList();
}

/// <summary>
/// The answer to someone who left the program when they ask for its content in chat ("my items", "latest update",
/// "updates", "surveys"): what their Slack Home tab says, not items they no longer own or updates sent after they left.
/// </summary>
public static class LeftProgram
{
    const string AskBack = "If you are back in the program, please ask your program coordinator to reactivate you.";

    /// <summary>What a button or form of someone who left answers: nothing happened, and how to come back.</summary>
    public static string Refusal(string outcome) => $"You are no longer on the program's roster, so {outcome}. {AskBack}";

    public static InteractionResult? Answer(Person person) => person.Inactive ? InteractionResult.Respond(Message.Text(HomePage.LeftText)) : null;
}
