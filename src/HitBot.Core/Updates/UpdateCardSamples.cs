using HitBot.Core.Directory;
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
            ImageUrl = "https://example.org/images/week12.png", ImageAlt = "Tutors and students reading together at Lincoln Elementary",
            Links = [new UpdateLink("Session schedule", "https://example.org/schedule"), new UpdateLink("Pacing guides", "https://example.org/pacing")],
            Status = UpdateStatus.Sent, SentAt = new DateTime(2026, 3, 9, 14, 0, 0, DateTimeKind.Utc),
        };
        yield return new CardSample("update", UpdateCards.Card(update));
        yield return new CardSample("update-reacted", UpdateCards.Card(update, Reaction.Helpful));
        yield return new CardSample("update-edited", UpdateCards.Card(update with { Revision = 1, EditedAt = new DateTime(2026, 3, 9, 15, 0, 0, DateTimeKind.Utc) }, Reaction.Helpful));
        yield return new CardSample("updates-list", UpdateCards.List([update, update with { Id = "s2", Title = "Week 11: welcome back", SentAt = new DateTime(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc) }],
            TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")));
        List<Directory.Site> sites = [new() { Id = "lincoln-elementary", Name = "Lincoln Elementary" }, new() { Id = "grant-middle", Name = "Grant Middle" }];
        List<Directory.Partner> partners = [new() { Id = "citytutors", Name = "CityTutors" }, new() { Id = "readcorps", Name = "ReadCorps" }];
        yield return new CardSample("update-compose", UpdateComposeCards.Compose("sample", sites, partners));
        yield return new CardSample("update-compose-partner-lead", UpdateComposeCards.Compose("sample", sites, partners, cohortOf: "CityTutors"));
        var reaches = new AudienceCounts(Matched: 224, OptedOut: 3, NotInChat: 9, new Dictionary<string, int> { [ReachStates.NoChatYet] = 9 });
        yield return new CardSample("update-confirm", UpdateComposeCards.Confirm(update, reaches));
        yield return new CardSample("update-sent", UpdateComposeCards.Sent(update, 212));
        yield return new CardSample("updates-digest", UpdateCards.Digest([update.Title, "Week 11: welcome back", "Spring testing window: what changes"]));
        var series = new UpdateSeries { Id = "sample", Name = "Tutor newsletter", Slot = new(DayOfWeek.Monday, new TimeOnly(8, 0)) };
        yield return new CardSample("series-nothing-queued", SeriesCards.NothingQueued(series, new DateTime(2026, 3, 16, 13, 0, 0, DateTimeKind.Utc),
            TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")));
        // The slot went by on a Monday while HitBot was down overnight; its issue would have gone late on Tuesday morning.
        yield return new CardSample("series-nothing-queued-late-slot", SeriesCards.NothingQueuedForLateSlot(series, new DateTime(2026, 3, 16, 13, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 3, 17, 13, 0, 0, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")));
        yield return new CardSample("series-missed", SeriesCards.Missed(series,
            [new DateTime(2026, 3, 9, 13, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 16, 13, 0, 0, DateTimeKind.Utc)], issueLate: true,
            TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")));
    }
}
