namespace HitBot.Core.Messaging.Routing;

/// <summary>A feature's verbs and chat commands, registered with the <see cref="InteractionRouter"/> when it is built.</summary>
public interface IInteractionRoutes
{
    void Register(InteractionRouter router);
}
