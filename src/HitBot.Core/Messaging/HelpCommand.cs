namespace HitBot.Core.Messaging;

/// <summary>"help": what HitBot is for and every command it knows. Open to people not yet on the roster.</summary>
public sealed class HelpCommand(Directory.DirectoryStore? directory = null) : IInteractionRoutes
{
    public void Register(InteractionRouter router) =>
        router.MapCommand("help", "Show what I can do", i => InteractionResult.Respond(Card(
            router.CommandsFor(i.PersonId is { } id && directory?.Find(id) is { } person ? person.Roles : []), i.PersonId is not null)),
            allowUnknownPeople: true);

    public static Message Card(IReadOnlyList<ChatCommand> commands, bool known)
    {
        var body = new List<CardElement>
        {
            new TextBlock("I carry your tutoring program's weekly updates, short surveys and action-plan reminders, " +
                          "and I pass your questions and feedback to the central team."),
            new FactList(commands.Select(c => new Fact(c.Phrase, c.Description)).ToList()),
        };
        if (!known) body.Add(new TextBlock(InteractionRouter.UnknownPersonText, Subtle: true));
        return new Message("Here is what I can do", new Card("What I can do", body, []));
    }
}
