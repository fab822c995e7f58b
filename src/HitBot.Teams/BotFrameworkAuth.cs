using Microsoft.Extensions.Options;

namespace HitBot.Teams;

/// <summary>The outcome of checking an inbound Bot Framework request; the reason is logged, never returned to the caller.</summary>
public sealed record TeamsAuthResult(bool Succeeded, string? FailureReason);

/// <summary>
/// Placeholder until the real JWT validation lands from branch teams-auth: it lets requests through only in
/// emulator mode (no AppId) and refuses everything when an AppId is configured, so it can never open a hole.
/// </summary>
public sealed class BotFrameworkAuth(IOptions<TeamsOptions> options)
{
    public Task<TeamsAuthResult> AuthenticateAsync(string? authorizationHeader, string? channelId, string? serviceUrl, CancellationToken ct) =>
        Task.FromResult(options.Value.AuthEnabled
            ? new TeamsAuthResult(false, "Bot Framework token validation is not built into this version yet.")
            : new TeamsAuthResult(true, null));
}
