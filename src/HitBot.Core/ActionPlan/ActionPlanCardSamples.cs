using HitBot.Core.Messaging;

namespace HitBot.Core.ActionPlan;

public sealed class ActionPlanCardSamples : ICardSamples
{
    public IEnumerable<CardSample> Samples()
    {
        var today = new DateOnly(2026, 3, 9);
        var items = DefaultPlan.Steps.Take(3).Select((s, i) => new ActionItem
        {
            Id = s.Key, Title = s.Title, Phase = s.Phase, Description = s.Description,
            DueDate = today.AddDays(i * 7 - 3),
            Status = i == 1 ? ItemStatus.Blocked : ItemStatus.InProgress,
            BlockedReason = i == 1 ? "Waiting for the curriculum team's pacing guide" : null,
        }).ToList();
        yield return new CardSample("my-items", ActionPlanCards.MyItems(items, today));
        yield return new CardSample("my-items-empty", ActionPlanCards.MyItems([], today));
    }
}
