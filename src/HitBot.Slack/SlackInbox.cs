using System.Threading.Channels;

namespace HitBot.Slack;

/// <summary>
/// Work Slack must not wait for: linking the sender (a Web API call), routing and queueing the answer, publishing the
/// Home tab. The endpoint verifies, de-duplicates and hands the event here, then acknowledges within Slack's 3 s (§6.4).
/// </summary>
/// <remarks>
/// Held in memory: an event acknowledged just before a crash is not answered (Slack will not retry an acknowledged
/// event). Everything the work produces for a person goes through the outbox, which does survive a restart.
/// </remarks>
public sealed class SlackInbox
{
    const int Capacity = 10_000;
    readonly Channel<object> queue = Channel.CreateBounded<object>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    public bool TryPost(DirectMessage message) => queue.Writer.TryWrite(message);
    public bool TryPost(HomeOpened home) => queue.Writer.TryWrite(home);
    public bool TryPost(BlockAction action) => queue.Writer.TryWrite(action);

    internal IAsyncEnumerable<object> ReadAllAsync(CancellationToken ct) => queue.Reader.ReadAllAsync(ct);
}
