using HitBot.Core.Messaging;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// A stand-in feature for Slack button and modal tests: <c>slack-test.answer</c> replaces the card with one showing what
/// it recorded (data, inputs, who). Registered only in the tests that use it.
/// </summary>
public sealed class SlackTestRoutes : IInteractionRoutes
{
    public const string Answer = "slack-test.answer";

    public void Register(InteractionRouter router) =>
        router.MapVerb(Answer, i => InteractionResult.Update(new Message("Recorded", new Card("Recorded",
        [
            new FactList(
            [
                .. i.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new Fact("data." + kv.Key, kv.Value)),
                .. i.Inputs.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new Fact("input." + kv.Key, kv.Value)),
                new Fact("person", i.PersonId ?? "unknown"),
            ]),
        ], []))), allowUnknownPeople: true);
}
