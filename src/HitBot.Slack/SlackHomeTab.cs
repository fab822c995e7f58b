using HitBot.Core.Directory;
using HitBot.Core.Messaging.Routing;
using Microsoft.Extensions.Logging;

namespace HitBot.Slack;

/// <summary>
/// A click on the Home tab whose answer is the card it was pressed on, changed ("More items", "Helpful"): the Home tab is
/// published again with that card in its section, as a click on a message updates the message. Posted as a new DM, the
/// answer left the tab as it was and sent the person a second copy (of the latest update, for a reaction).
/// </summary>
public sealed class SlackHomeTab(HomePage home, SlackWebApi api, TimeProvider time, ILogger<SlackHomeTab> logger)
{
    /// <summary>A linked person's click is answered inside Slack's 3 s: a slower publish gives way to the DM.</summary>
    static readonly TimeSpan PublishBudget = TimeSpan.FromSeconds(1.5);

    /// <summary>The result without its updated card once the Home tab shows it; unchanged when it is not a Home section's card or Slack refused.</summary>
    public async Task<InteractionResult> ShowAsync(BlockAction click, Person? person, InteractionResult result, CancellationToken ct)
    {
        if (!click.FromHome || result.UpdatedCard is not { } card || person is null) return result;
        var sections = home.For(person).ToList();
        // Each section is one feature's card and keeps its title when it changes; another title is a new message.
        var at = sections.FindIndex(s => string.Equals(s.Card.Title, card.Card.Title, StringComparison.Ordinal));
        if (at < 0) return result;
        sections[at] = card;
        using var budget = new CancellationTokenSource(PublishBudget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, budget.Token);
        try
        {
            await api.PublishViewAsync(click.UserId, BlockKitRenderer.Home(sections), linked.Token);
            return result with { UpdatedCard = null };
        }
        catch (Exception e) when (e is SlackApiException or BlockKitLimitException or HttpRequestException
                                  || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            // The answer still reaches them, as a DM.
            Log.HomeNotPublished(logger, e, click.UserId);
            return result;
        }
    }
}
