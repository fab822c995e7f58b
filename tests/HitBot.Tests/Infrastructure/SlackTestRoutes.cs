using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// A stand-in feature for Slack button and modal tests: <c>slack-test.answer</c> replaces the card with one showing what
/// it recorded (data, inputs, who). Registered only in the tests that use it.
/// </summary>
public sealed class SlackTestRoutes : IInteractionRoutes
{
    public const string Answer = "slack-test.answer";

    public void Register(InteractionRouter router)
    {
        router.MapForm(Answer, i => i.Data.TryGetValue("runId", out var run) ? Form(run) : null, allowUnknownPeople: true);
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

    /// <summary>A one-question form whose submit carries the run id, like a survey's.</summary>
    public static Message Form(string runId) => new("A question", new Card("Retention pulse",
        [new ChoiceInput("intent", "Will you tutor next term?", [new Choice("Yes", "yes"), new Choice("No", "no")], Required: true)],
        [new SubmitAction("Send", Answer, new() { ["runId"] = runId })]));
}
