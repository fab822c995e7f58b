using HitBot.Core.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HitBot.Slack;

/// <summary>Drains the <see cref="SlackInbox"/> one item at a time; a failure is logged and the next item runs.</summary>
public sealed class SlackInboxWorker(
    SlackInbox inbox, SlackPeople people, InteractionRouter router, SlackResponder responder, HomePage home,
    SlackWebApi api, ILogger<SlackInboxWorker> logger) : BackgroundService
{
    /// <summary>In the background there is no 3-s deadline; the lookup gets as long as the HTTP client allows.</summary>
    static readonly TimeSpan LookupBudget = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in inbox.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await HandleAsync(work, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    var (kind, user) = work switch
                    {
                        DirectMessage m => ("message", m.UserId),
                        HomeOpened h => ("home", h.UserId),
                        BlockAction a => ("button " + a.ActionId, a.UserId),
                        _ => (work.GetType().Name, ""),
                    };
                    Log.WorkFailed(logger, e, kind, user);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    Task HandleAsync(object work, CancellationToken ct) => work switch
    {
        DirectMessage m => MessageAsync(m, ct),
        HomeOpened h => HomeAsync(h, ct),
        BlockAction a => ActionAsync(a, ct),
        _ => Task.CompletedTask,
    };

    async Task MessageAsync(DirectMessage m, CancellationToken ct)
    {
        var from = Address(m.TeamId, m.UserId, m.Channel);
        var person = await people.ResolveAsync(from, LookupBudget, ct);
        var interaction = new Interaction { Verb = Interaction.CommandVerb, From = from, PersonId = person?.Id, Text = m.Text };
        responder.Queue(router.Handle(interaction), interaction, $"slack:{m.EventId}", m.Channel, messageTs: null);
    }

    async Task HomeAsync(HomeOpened h, CancellationToken ct)
    {
        var person = await people.ResolveAsync(Address(h.TeamId, h.UserId, channel: null), LookupBudget, ct);
        await api.PublishViewAsync(h.UserId, BlockKitRenderer.Home(home.For(person)), ct);
    }

    async Task ActionAsync(BlockAction a, CancellationToken ct)
    {
        var from = Address(a.TeamId, a.UserId, SlackResponder.DirectChannel(a.Channel));
        var person = await people.ResolveAsync(from, LookupBudget, ct);
        var interaction = new Interaction
        {
            Verb = BlockKitRenderer.VerbOf(a.ActionId),
            From = from,
            PersonId = person?.Id,
            Data = SlackPayloadParser.Data(a.Value),
            Inputs = a.Inputs,
            SourceMessageId = a.MessageTs,
        };
        responder.Queue(router.Handle(interaction), interaction, $"slack:action:{a.TeamId}:{a.UserId}:{a.ActionTs}", a.Channel, a.MessageTs);
    }

    internal static ChannelAddress Address(string teamId, string userId, string? channel) => new()
    {
        Channel = ChannelKind.Slack,
        TeamId = teamId,
        UserId = userId,
        ConversationId = SlackResponder.DirectChannel(channel),
    };
}
