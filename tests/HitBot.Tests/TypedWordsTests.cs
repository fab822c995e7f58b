using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// What tutors type on a phone, over HTTP with the Teams stand-in: stop said the way people say it (with a comma, in
/// quotes, with a character the phone added unseen, in Spanish), help asked in Spanish, and a sentence that asks to stop
/// without being the command.
/// </summary>
public sealed class TypedWordsTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TeamsTestApp teams = null!;
    TeamsActivities maya = null!;
    Person mayaPerson = null!;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors");
        maya = teams.NewUser();
        var address = new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = maya.UserId, ConversationId = maya.ConversationId,
            ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
        };
        mayaPerson = teams.App.Get<PeopleDirectory>().Link(address, "maya@example.org")!;
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    bool OptedOut => teams.App.Get<DirectoryStore>().Find(mayaPerson.Id)!.OptedOut;

    async Task<string> AnswerToAsync(string typed)
    {
        await teams.PostAsync(maya.Text(typed));
        return (await teams.PostedActivitiesAsync()).Last().ToJsonString();
    }

    [Theory]
    [InlineData("Stop, please")]
    [InlineData("stop\u200B")]
    [InlineData("\u200BSTOP")]
    [InlineData("“Stop”")]
    [InlineData("Stop…")]
    [InlineData("please stop")]
    [InlineData("Please stop!")]
    [InlineData("parar")]
    [InlineData("Alto")]
    [InlineData("basta ya")]
    [InlineData("¡Detener!")]
    public async Task Stop_typed_the_way_people_type_it_on_a_phone_stops(string typed)
    {
        var answer = await AnswerToAsync(typed);

        Assert.True(OptedOut, $"'{typed}' did not stop: HitBot answered {answer}");
        Assert.Contains("Type **start**", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ayuda")]
    [InlineData("¿Ayuda?")]
    [InlineData("Hola")]
    [InlineData("help\u200B")]
    [InlineData("help\n\nSent from my iPhone")]
    public async Task Help_asked_for_in_Spanish_or_with_a_character_the_phone_added_shows_help_not_an_offer_to_pass_it_on(string typed)
    {
        var answer = await AnswerToAsync(typed);

        Assert.Contains("What I can do", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Pass this on?", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thanks_in_Spanish_gets_a_line_back_not_an_offer_to_pass_it_on()
    {
        var answer = await AnswerToAsync("¡Muchas gracias!");

        Assert.Contains("welcome! Type help", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Pass this on?", answer, StringComparison.Ordinal);
    }

    /// <summary>
    /// "Can you stop texting me on weekends?" is not the stop command (it may be about weekends only), but it was offered
    /// to pass on with no way to stop from it: now the offer carries one button that stops.
    /// </summary>
    [Fact]
    public async Task A_sentence_asking_to_stop_is_offered_to_pass_on_with_one_button_that_stops()
    {
        var offer = await AnswerToAsync("Can you stop texting me on weekends?");

        Assert.False(OptedOut);
        Assert.Contains("Pass this on?", offer, StringComparison.Ordinal);
        Assert.Contains("Stop these messages", offer, StringComparison.Ordinal);
        Assert.Contains($"\"verb\":\"{ConsentRoutes.StopVerb}\"", offer, StringComparison.Ordinal);

        await teams.PostAsync(maya.Execute(ConsentRoutes.StopVerb, new JsonObject(), replyToId: "offer-card"));

        Assert.True(OptedOut);
    }

    /// <summary>"Stop, please" stops, but a comma after stop does not make a whole sentence a stop.</summary>
    [Fact]
    public async Task A_sentence_beginning_stop_and_a_comma_is_offered_to_pass_on_with_a_stop_button_not_a_stop()
    {
        var offer = await AnswerToAsync("Stop, the link in this week's update is broken");

        Assert.False(OptedOut);
        Assert.Contains("Pass this on?", offer, StringComparison.Ordinal);
        Assert.Contains("Stop these messages", offer, StringComparison.Ordinal);
    }

    /// <summary>Guards the button's rule: a sentence where stop follows a negation says the opposite, so no stop is offered.</summary>
    [Fact]
    public async Task A_sentence_saying_not_to_stop_stops_nothing_and_offers_no_stop_button()
    {
        var offer = await AnswerToAsync("Please don't stop the Friday sessions, my students love them");

        Assert.False(OptedOut);
        Assert.Contains("Pass this on?", offer, StringComparison.Ordinal);
        Assert.DoesNotContain("Stop these messages", offer, StringComparison.Ordinal);
    }
}
