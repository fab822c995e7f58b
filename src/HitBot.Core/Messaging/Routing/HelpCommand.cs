using HitBot.Core.Directory;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Messaging.Routing;

/// <summary>"help": what HitBot is for and every command it knows. Open to people not yet on the roster.</summary>
public sealed class HelpCommand(IOptions<ProgramOptions>? program = null) : IInteractionRoutes
{
    readonly string programName = (program?.Value ?? new ProgramOptions()).Name;

    public void Register(InteractionRouter router)
    {
        router.MapCommandForAnyone("help", "Show what I can do", Help);
        // Many tutors are Spanish speakers: "ayuda" was offered to the central team as feedback instead of showing help.
        router.MapCommandForAnyone("ayuda", "Same as help", Help, listed: false);

        InteractionResult Help(Interaction _, Person? person) =>
            InteractionResult.Respond(Card(router.CommandsFor(person), known: person is not null, programName));
    }

    /// <remarks>
    /// Names the program: a tutor who first met HitBot on its Slack Home tab (which stands for their welcome) or through a
    /// colleague's install was never told whose assistant it is.
    /// </remarks>
    public static Message Card(IReadOnlyList<ChatCommand> commands, bool known, string programName)
    {
        var body = new List<CardElement>
        {
            new TextBlock($"I'm the chat assistant of **{programName}**, run by its central team. I carry its weekly updates, " +
                          "short surveys and action-plan reminders, and I pass your questions and feedback to the central team."),
            new FactList(commands.Select(c => new Fact(c.Phrase, c.Description)).ToList()),
        };
        if (!known) body.Add(new TextBlock(InteractionRouter.UnknownPersonText, Subtle: true));
        return new Message("Here is what I can do", new Card("What I can do", body, []));
    }
}
