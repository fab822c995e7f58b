using HitBot.Core;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Features.ActionPlan;
using HitBot.Features.Feedback;
using HitBot.Slack;
using HitBot.Teams;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace HitBot.Admin;

/// <summary>The dashboard's first page in one call: this week's sends, open surveys, retention intent, the plan, new feedback.</summary>
public static class OverviewEndpoints
{
    public static RouteGroupBuilder MapOverviewEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/overview", Overview);
        return admin;
    }

    static Overview Overview(UpdateStore updates, UpdateSender sender, UpdateHolds holds, SurveyStore surveys, SurveyResults results,
        ActionPlanStore plan, FeedbackStore feedback, DirectoryStore directory, ProgramClock clock, TimeProvider time,
        IOptions<TeamsOptions> teams, IOptions<SlackOptions> slack, HitBot.Core.Storage.HitBotDb db, DispatcherProgress progress, HttpContext http)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var weekAgo = now.AddDays(-7);
        // The week's sends and the scheduled ones, each through its index: never every update read to pick a few.
        var sends = updates.SentSince(weekAgo).Concat(updates.Scheduled()).DistinctBy(u => u.Id)
            .OrderByDescending(u => u.SentAt ?? u.NextAt)
            .Select(u => new OverviewSend(u.Id, u.Title, u.RecalledAt is not null ? "recalled" : u.Status.ToString().ToLowerInvariant(), u.SentAt, u.NextAt, sender.Report(u.Id)) { NextHeld = holds.Ahead(u) })
            .ToList();

        var open = surveys.RunsIn(RunStatus.Open).OrderBy(r => r.ClosesAt).Select(results.For).Select(OverviewRun.Of).ToList();
        // Retention intent: the newest run of a survey that asks it, open or closed.
        var retention = surveys.AllSurveys()
            .Where(s => RetentionPulse.AsksIntent(s.Questions))
            .SelectMany(s => surveys.RunsOf(s.Id))
            .Where(r => r.Status is RunStatus.Open or RunStatus.Closed)
            .OrderByDescending(r => r.OpensAt)
            .Select(results.For)
            .Select(OverviewRun.Of)
            .FirstOrDefault();

        var today = clock.Today();
        // A repeating item counts through its occurrences: its own due date is only its first meeting.
        var items = plan.All().Where(i => i.IsOpen && !i.IsSeries).ToList();
        var overdue = items.Where(i => DueDates.IsOverdue(i, today)).ToList();
        var dueSoon = items.Where(i => DueDates.InThisWeek(i, today)).ToList();
        // A repeating item blocked as a whole (no room for the meetings this term) is blocked, as the digest and the board say.
        var blocked = plan.All().Where(i => i.IsOpen && i.Status == ItemStatus.Blocked).ToList();
        var attention = blocked.Concat(overdue).Concat(dueSoon).DistinctBy(i => i.Id).Take(8)
            .Select(i => ActionItemView.Of(i, directory, today)).ToList();

        var newFeedback = feedback.Page([FeedbackStatus.New], updateId: null, offset: 0, limit: 3);
        // A fresh install reaches nobody: the coordinator sees why on the first page, not only in the server's log. So does a
        // chat that refuses HitBot's own credentials (an expired Teams secret, a revoked Slack token, the app turned off by
        // the Teams admin): it was shown "connected" while every send to it failed, and only /readyz said otherwise.
        var refused = progress.CredentialsRefused;
        var chats = new OverviewChats(
            teams.Value.AuthEnabled ? refused.ContainsKey(ChannelKind.Teams) ? "refused" : "connected" : teams.Value.Emulator ? "emulator" : "off",
            slack.Value.Enabled ? refused.ContainsKey(ChannelKind.Slack) ? "refused" : "connected" : "off")
        {
            TeamsRefusedSince = teams.Value.AuthEnabled && refused.TryGetValue(ChannelKind.Teams, out var teamsSince) ? teamsSince.UtcDateTime : null,
            SlackRefusedSince = slack.Value.Enabled && refused.TryGetValue(ChannelKind.Slack, out var slackSince) ? slackSince.UtcDateTime : null,
            // Registered only with Slack on.
            SlackProblem = http.RequestServices.GetService<SlackRosterLinker>()?.Progress.Problem,
            TeamsProblem = teams.Value.ProactiveInstall ? http.RequestServices.GetService<TeamsProactiveInstaller>()?.Progress.Problem : null,
        };
        return new Overview(chats, sends, open, retention,
            new OverviewPlan(dueSoon.Count, overdue.Count, blocked.Count, attention),
            new OverviewFeedback(newFeedback.Total, [.. newFeedback.Items.Select(i => FeedbackView.Of(i, directory, updates))]))
        {
            // Answers, feedback and edits made after the backup are gone: the coordinator hears why on the first page.
            Restored = db.LastRestore() is { } restore && now - restore.RestoredAt.UtcDateTime < RestoreShownFor
                ? new OverviewRestore(restore.TakenAt.UtcDateTime, restore.RestoredAt.UtcDateTime)
                : null,
        };
    }

    /// <summary>How long after a restore the first page says so.</summary>
    static readonly TimeSpan RestoreShownFor = TimeSpan.FromDays(14);
}

public sealed record OverviewSend(string Id, string Title, string Status, DateTime? SentAt, DateTime? NextAt, UpdateReport? Report)
{
    /// <summary>The pause the next scheduled occurrence falls in, as on the update's page, or null.</summary>
    public HeldAhead? NextHeld { get; init; }
}

/// <summary>
/// A run as the first page shows it: its numbers and retention intent, and how many tutors are at risk or want to do more.
/// Not the lists themselves (each tutor's name and every answer): a named pulse of a 3,000-tutor district put half a
/// megabyte on each load, twice while it was open, and the dashboard read none of it. They are on the run's own page.
/// </summary>
public sealed record OverviewRun(
    string RunId, string Title, bool Anonymous, string Status, int Invited, int Responses, double ResponseRate, int NotReached,
    List<QuestionResult> Questions, List<IntentGroup> IntentBySite, List<IntentGroup> IntentByPartner, List<TrendPoint> Trend,
    int AtRiskCount, int InterestedCount)
{
    public static OverviewRun Of(RunReport run) => new(run.RunId, run.Title, run.Anonymous, run.Status, run.Invited, run.Responses,
        run.ResponseRate, run.NotReached, run.Questions, run.IntentBySite, run.IntentByPartner, run.Trend, run.AtRisk.Count, run.Interested.Count);
}

public sealed record OverviewPlan(int DueThisWeek, int Overdue, int Blocked, List<ActionItemView> NeedAttention);

public sealed record OverviewFeedback(int New, List<FeedbackView> Latest);

/// <summary>
/// Each chat platform: "connected", "off", "refused" (configured, but it refuses HitBot's credentials since the matching
/// <c>…RefusedSince</c>: nobody is reached there), or for Teams "emulator" (local test tools only, nobody's Teams).
/// </summary>
public sealed record OverviewChats(string Teams, string Slack)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? TeamsRefusedSince { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? SlackRefusedSince { get; init; }

    /// <summary>Slack refuses to let HitBot look people up by e-mail (a missing permission): nobody new is linked there.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SlackProblem { get; init; }

    /// <summary>Microsoft Graph refuses proactive install its look-ups (a permission or consent missing): nobody new is installed in Teams.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TeamsProblem { get; init; }
}

public sealed record Overview(
    OverviewChats Chats, List<OverviewSend> Sends, List<OverviewRun> OpenSurveys, OverviewRun? Retention, OverviewPlan ActionPlan, OverviewFeedback Feedback)
{
    /// <summary>Set for two weeks after HitBot started on a restored backup.</summary>
    public OverviewRestore? Restored { get; init; }
}

/// <summary>When the backup HitBot was restored from was taken, and when HitBot first started on it.</summary>
public sealed record OverviewRestore(DateTime BackupTakenAt, DateTime RestoredAt);
