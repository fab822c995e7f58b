using HitBot.Core.ActionPlan;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Slack;
using HitBot.Teams;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace HitBot.Hosting;

/// <summary>First start: create the database and seed the default plan once. Every start: say what is on. (The outbox resumes by itself: a send a stop interrupted is still Queued in the file.)</summary>
public sealed class StartupTasks(
    HitBotDb db, OutboxStore outbox, ActionPlanStore plan, TimeProvider time, IServer server,
    IHostApplicationLifetime lifetime, IOptions<TeamsOptions> teams, IOptions<SlackOptions> slack, IOptions<AdminOptions> admin, LocalAdminToken localToken,
    Dashboard.DashboardSessions sessions, Admin.AdminIdentity identity, IConfiguration configuration, AnonymityKey anonymityKey, SurveyStore surveys, HitBot.Core.Updates.UpdateStore updates,
    HitBot.Core.Feedback.FeedbackStore feedback, HitBot.Core.Feedback.ReplyAddressSeal replyAddresses, ILogger<StartupTasks> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        logger.LogInformation("Database {Path} at schema version {Version}", db.FilePath, db.SchemaVersion);
        // A restored backup: the messages waiting in it were waiting when it was taken, and the old install may have sent
        // some of them since. Neither Teams nor Slack can say which, so they are sent (nothing lost), and this says so once.
        if (db.TakeRestoredBackupMark() is { } takenAt)
        {
            db.NoteRestore(takenAt, now);
            if (outbox.WaitingCount() is var waiting and > 0)
                logger.LogWarning("This database is a backup taken at {BackupTakenAt:yyyy-MM-dd HH:mm:ss} UTC. The messages waiting in it ({Waiting}) are sent now; any of them the previous installation sent after that moment reach their people a second time. " +
                    "So do the scheduled sends that fell due since then, which it most likely sent already: {DueSinceBackup}",
                    takenAt.UtcDateTime, waiting, DueSince(takenAt, now));
            else
                logger.LogWarning("This database is a backup taken at {BackupTakenAt:yyyy-MM-dd HH:mm:ss} UTC. No message was waiting in it. " +
                    "The scheduled sends that fell due since then, which the previous installation most likely sent already, go out now and reach their people a second time: {DueSinceBackup}",
                    takenAt.UtcDateTime, DueSince(takenAt, now));
        }
        // A file from before the key had its own file: out of the database before anyone can take a backup of it.
        try
        {
            if (anonymityKey.MoveOutOfDatabase())
                logger.LogInformation("Moved the anonymity key out of the database to {AnonymityKeyPath}: back up that file too (README, Backing up the data)",
                    anonymityKey.FilePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "The anonymity key could not be written to {AnonymityKeyPath}, so it stays in the database, and in every backup of it, until it can: make that folder writable by HitBot",
                anonymityKey.FilePath);
        }
        // A database moved or restored without its key file: a new key would let everyone who answered answer again.
        if (anonymityKey.IsMissing && surveys.OpenAnonymousRunsHoldAnswers())
            logger.LogWarning("No anonymity key at {AnonymityKeyPath}, but open anonymous survey runs hold answers: put back the key file this database was used with (README, Backing up the data) before anyone answers. With a new key, everyone who already answered an open anonymous run can answer again",
                anonymityKey.FilePath);
        if (anonymityKey.IsMissing && feedback.HoldsSealedReplyAddresses())
            logger.LogWarning("No anonymity key at {AnonymityKeyPath}, but anonymous feedback holds sealed chats: replies to it cannot be delivered until the key file this database was used with is put back (README, Backing up the data)",
                anonymityKey.FilePath);
        // Anonymous feedback stored before its chat was sealed: sealed now, before anyone can take a backup of it.
        try
        {
            if (feedback.SealReplyAddresses(replyAddresses.Sealed) is var sealedNow and > 0)
                logger.LogInformation("Sealed the chats of {Count} anonymous feedback items under the anonymity key", sealedNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "The anonymity key at {AnonymityKeyPath} could not be read or made, so anonymous feedback's chats stay unsealed until it can: make that folder writable by HitBot",
                anonymityKey.FilePath);
        }
        if (plan.SeedDefaultPlanOnce(now))
            logger.LogInformation("Seeded the default action plan ({Count} steps)", DefaultPlan.Steps.Count);
        // Sessions of a token changed while HitBot was down, or idle past their limit, go now rather than at their next use.
        sessions.Prune(identity.StillValid);

        if (teams.Value.AuthEnabled)
        {
            logger.LogInformation("Teams is on for app {AppId}: POST /api/messages requires a Bot Framework token", teams.Value.AppId);
            if (teams.Value.TenantId.Length == 0)
                logger.LogWarning("HitBot:Teams:TenantId is empty: Teams users of any organisation can message HitBot and are linked to the roster by the e-mail their organisation reports. Set it to your tenant's id unless the bot must serve several organisations");
        }
        else if (teams.Value.Emulator)
            logger.LogWarning("Teams is on in emulator mode (HitBot:Teams:Emulator=true): /api/messages accepts requests without a token and replies to this machine only. Never expose this to the internet");
        else
            logger.LogInformation("Teams is off: set HitBot:Teams:AppId (or HitBot:Teams:Emulator=true for local tools) to turn it on");
        if (slack.Value.Enabled)
            logger.LogInformation("Slack is on: POST /slack/events, /slack/interactions and /slack/commands require Slack's signature; Web API at {ApiBaseUrl}", slack.Value.ApiBaseUri);
        else
            logger.LogInformation("Slack is off: set HitBot:Slack:SigningSecret and HitBot:Slack:BotToken to turn it on");
        foreach (var key in UnknownSettings.In(configuration))
            if (UnknownSettings.Closest(key) is { } meant)
                logger.LogWarning("{Key} is not a HitBot setting and is ignored: did you mean {Setting}? (the README's Settings table lists every setting)", key, meant);
            else
                logger.LogWarning("{Key} is not a HitBot setting and is ignored: check its spelling against the README's Settings table", key);
        // A local run's made-up token is in the sign-in link printed once HitBot listens, not in any setting.
        if (admin.Value.Enabled && localToken.Value is not null)
            logger.LogInformation("The admin API is on at /api/admin (bearer token: the one in the sign-in link below, made for this run)");
        else if (admin.Value.Enabled) logger.LogInformation("The admin API is on at /api/admin (bearer token from HitBot:Admin:Token)");
        else logger.LogWarning("The admin API is off: set HitBot:Admin:Token to turn it on");

        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            // Teams' address only when Teams is on: an IT person copies it into the Azure Bot's messaging endpoint.
            foreach (var address in addresses)
                // One name per placeholder: the JSON console log writes each as a key, and a key twice is not valid JSON to every reader.
                if (teams.Value.AuthEnabled || teams.Value.Emulator)
                    logger.LogInformation("HitBot is listening on {Url} (Teams: {TeamsUrl}, health: {HealthUrl})", address, address + "/api/messages", address + "/healthz");
                else
                    logger.LogInformation("HitBot is listening on {Url} (health: {HealthUrl})", address, address + "/healthz");
        });
        return Task.CompletedTask;
    }

    /// <summary>
    /// The updates and survey runs a restored file still has due that came due after its backup was taken: the schedulers send
    /// them at this start as if HitBot had been down, and the installation the backup replaced was up then. Ids, not titles (logs carry no message text).
    /// </summary>
    string DueSince(DateTimeOffset takenAt, DateTimeOffset now)
    {
        var due = updates.DueSchedules(now).Where(u => u.NextAt > takenAt.UtcDateTime).Select(u => "update " + u.Id)
            .Concat(surveys.RunsIn(RunStatus.Scheduled).Where(r => r.OpensAt > takenAt.UtcDateTime && r.OpensAt <= now.UtcDateTime).Select(r => "survey run " + r.Id))
            .ToList();
        return due.Count == 0 ? "none" : string.Join(", ", due);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
