using HitBot.Core.Messaging;

namespace HitBot.Core.Updates;

public sealed class UpdateCardSamples : ICardSamples
{
    public IEnumerable<CardSample> Samples()
    {
        var update = new Update
        {
            Id = "sample", Title = "Week 12: sessions resume Monday",
            Body = "Thank you for a great first term!\n\n- **Monday:** sessions resume on the usual schedule\n- **Friday:** new pacing guides for grade 6 math\n\nQuestions? Reply here or ask your site champion.",
            ImageUrl = "https://example.org/images/week12.png",
            Links = [new UpdateLink("Session schedule", "https://example.org/schedule"), new UpdateLink("Pacing guides", "https://example.org/pacing")],
            Status = UpdateStatus.Sent, SentAt = new DateTime(2026, 3, 9, 14, 0, 0, DateTimeKind.Utc),
        };
        yield return new CardSample("update", UpdateCards.Card(update));
        yield return new CardSample("update-reacted", UpdateCards.Card(update, Reaction.Helpful));
        yield return new CardSample("updates-list", UpdateCards.List([update, update with { Id = "s2", Title = "Week 11: welcome back", SentAt = new DateTime(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc) }],
            TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")));
    }
}
