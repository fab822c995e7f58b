using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.Directory.Chat;

public sealed class DirectoryCardSamples(InteractionRouter router) : ICardSamples
{
    public IEnumerable<CardSample> Samples()
    {
        var tutor = new Person { Id = "sample", Name = "Maya Lopez", Email = "maya.lopez@example.org", Roles = [Roles.Tutor] };
        yield return new CardSample("welcome", WelcomeCards.Welcome(tutor, "Riverside Tutoring Program"));
        yield return new CardSample("welcome-unknown", WelcomeCards.Unknown("Riverside Tutoring Program"));
        yield return new CardSample("welcome-left", WelcomeCards.Left("Riverside Tutoring Program"));
        yield return new CardSample("help", HelpCommand.Card(router.Commands, known: true, "Riverside Tutoring Program"));
        yield return new CardSample("help-unknown", HelpCommand.Card(router.Commands, known: false, "Riverside Tutoring Program"));
        yield return new CardSample("notice", Message.Text("Sorry, this button no longer works. Type help to see what I can do."));
    }
}
