using HitBot.Core.Directory;
using HitBot.Core.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;

namespace HitBot.Teams;

/// <summary>
/// Works the "link later" queue: asks the Connector again for each queued member (honouring Retry-After) and links them
/// to the roster by e-mail, so a person Teams throttled is reached without writing to HitBot again.
/// </summary>
public sealed class TeamsLinkLater(
    PendingLinkStore queue, PendingLinks linkLater, PeopleDirectory directory, ConnectorClient connector, TeamsInstallation installation,
    TimeProvider time, ILogger<TeamsLinkLater> logger) : BackgroundService
{
    /// <summary>Without Retry-After: 30 s, doubling, at most an hour apart; after a day of trying the daily install pass takes over.</summary>
    static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    const int MaxAttempts = 40;
    static readonly TimeSpan Idle = TimeSpan.FromHours(1);

    public LinkLaterProgress Progress { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var link in queue.Due(time.GetUtcNow().UtcDateTime)) await TryLinkAsync(link, stoppingToken);
                var next = queue.NextDue();
                // Until a moment on the clock, not for a span worked out from it: a fake clock a test moved between the two
                // pushed the wait that much past the row's time, and the row was never tried.
                var until = next is { } due ? new DateTimeOffset(due.Ticks, TimeSpan.Zero) : time.GetUtcNow() + Idle;
                var sleeping = linkLater.Queued.WaitUntilAsync(until, time, stoppingToken);
                // Announced once the timer is armed, so a test that moves its fake clock on seeing it always ends the wait.
                Progress.Waiting(next, queue.Count());
                await sleeping;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the queue is on disk and is worked again at the next start.
        }
    }

    async Task TryLinkAsync(PendingLink link, CancellationToken ct)
    {
        var address = link.Address;
        try
        {
            var member = await connector.GetMemberAsync(address.ServiceUrl ?? "", link.ConversationId, address.UserId, ct);
            // The member's own 29: id is the one their messages will carry; a look-up by Entra id answers with it.
            var found = address with
            {
                UserId = member.Id is { Length: > 0 } id ? id : address.UserId,
                AadObjectId = member.AadObjectId ?? address.AadObjectId,
                DisplayName = member.Name ?? address.DisplayName,
            };
            var email = link.Email ?? TeamsPeople.RosterAddress(member, directory);
            var person = email is null ? null : directory.Link(found, email);
            Log.LinkedLater(logger, found.UserId, person?.Id);
            // Only the proactive installer asks for a welcome here: the app was installed for them.
            if (person is not null && link.Welcome) installation.Welcome(person, found, installedByHitBot: true);
            queue.Remove(link.Id);
        }
        catch (ConnectorException e) when (!IsTransient(e.Status))
        {
            // 403/404: Teams says this user is not in that conversation; asking again cannot change that.
            Log.LinkLaterDropped(logger, address.UserId, e.Status);
            queue.Remove(link.Id);
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or MsalException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            Log.MemberLookupFailed(logger, e, address.UserId);
            Retry(link, (e as ConnectorException)?.RetryAfter);
        }
        catch (ServiceUrlRefusedException)
        {
            Log.LinkLaterDropped(logger, address.UserId, 0);
            queue.Remove(link.Id);
        }
    }

    void Retry(PendingLink link, TimeSpan? retryAfter)
    {
        if (link.Attempts >= MaxAttempts)
        {
            Log.LinkLaterDropped(logger, link.Address.UserId, 0);
            queue.Remove(link.Id);
            return;
        }
        var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, PendingLinks.FirstBackoff.Ticks << Math.Min(link.Attempts, 10)));
        queue.Save(link with { Attempts = link.Attempts + 1, DueAt = time.GetUtcNow().UtcDateTime + (retryAfter ?? backoff) });
        Log.PendingLinksd(logger, link.Address.UserId, link.Attempts + 1);
    }

    /// <summary>What Teams asks bots to retry (protocols.md §3.6).</summary>
    internal static bool IsTransient(int status) => status is 429 or 412 or >= 500;
}

/// <summary>What <see cref="TeamsLinkLater"/> has done, for tests.</summary>
public sealed class LinkLaterProgress() : ProgressSignal("Teams link-later queue")
{
    readonly Lock gate = new();
    DateTime? nextDue;
    int pending;

    /// <summary>When the loop next looks at the queue, and how many rows it holds, as of its last round.</summary>
    public (DateTime? NextDue, int Pending) State { get { lock (gate) return (nextDue, pending); } }

    internal void Waiting(DateTime? next, int count)
    {
        lock (gate) (nextDue, pending) = (next, count);
        Announce();
    }
}
