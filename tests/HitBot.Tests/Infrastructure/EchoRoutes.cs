using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// A stand-in feature for card-action tests: <c>test.answer</c> replaces the card with one that echoes what it got
/// (data, inputs, who), <c>test.notice</c> answers with one sentence. Registered only in the tests that use it.
/// </summary>
public sealed class EchoRoutes : IInteractionRoutes
{
    public const string Answer = "test.answer";
    public const string Notice = "test.notice";

    public void Register(InteractionRouter router)
    {
        router.MapVerb(Answer, i => InteractionResult.Update(new Message("Thanks for answering", new Card("Answered",
            [
                new FactList(
                [
                    .. i.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new Fact("data." + kv.Key, kv.Value)),
                    .. i.Inputs.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new Fact("input." + kv.Key, kv.Value)),
                    new Fact("person", i.PersonId ?? "unknown"),
                ]),
            ], []))), allowUnknownPeople: true);
        router.MapVerb(Notice, _ => InteractionResult.Notify("Thanks, noted."), allowUnknownPeople: true);
    }
}
