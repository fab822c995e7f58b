using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.Surveys;

/// <summary>The person's open surveys on their home page, between their action items and the latest update.</summary>
public sealed class OpenSurveysHomeSection(SurveyStore store, ProgramClock clock, TimeProvider time) : IHomeSection
{
    public int Order => 150;

    public Message? Render(Person? person) =>
        person is null || store.OpenFor(person, time.GetUtcNow().UtcDateTime) is not { Count: > 0 } open ? null : SurveyCards.List(open, clock.ZoneOf(person));
}
