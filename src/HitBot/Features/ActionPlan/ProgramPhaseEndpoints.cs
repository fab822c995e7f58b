using HitBot.Admin;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.ActionPlan;

/// <summary>The program's current phase: read it, change it, and announce it to chosen roles.</summary>
public static class ProgramPhaseEndpoints
{
    public static RouteGroupBuilder MapProgramPhaseEndpoints(this RouteGroupBuilder admin)
    {
        var phase = admin.MapGroup("/program-phase");
        phase.MapGet("", (ProgramPhases phases) => TypedResults.Ok(PhaseView.Of(phases.Current())));
        phase.MapPut("", Set);
        phase.MapPost("/announce", Announce);
        return admin;
    }

    static Results<Ok<PhaseView>, ValidationProblem, ProblemHttpResult> Set(PhaseRequest request, PhaseAnnouncement announcement)
    {
        if (ActionItemChanges.ParsePhase(request.Phase ?? "") is not { } phase)
            return Bad("phase: installation, initial-implementation or scaling-and-sustainability. Nothing was changed.");
        return TypedResults.Ok(PhaseView.Of(announcement.MoveTo(phase)));
    }

    /// <summary>Sends "what this phase expects of you" to the people with any of the roles; the same change twice reaches nobody twice.</summary>
    static Results<Accepted<AnnouncementReport>, ValidationProblem, ProblemHttpResult> Announce(AnnounceRequest request, PhaseAnnouncement announcement)
    {
        var roles = request.Roles ?? [];
        if (roles.Count == 0) return Bad("roles: choose the roles to tell, e.g. [\"tutor\", \"school-leader\"]. Nothing was sent.");
        // JSON can put a null in the list, which nothing else refuses.
        if (roles.Any(r => r is null)) return Bad("roles: give role names only, not null. Nothing was sent.");
        if (roles.FirstOrDefault(r => Roles.Parse(r) is null) is { } unknown)
            return Bad($"roles: '{unknown}' is not a role of the program ({string.Join(", ", Roles.All)}). Nothing was sent.");
        return announcement.Send([.. roles.Select(r => Roles.Parse(r)!)]) is { } report
            ? TypedResults.Accepted("/api/admin/program-phase", report)
            : TypedResults.Problem(title: "Set the program's phase first (PUT /api/admin/program-phase). Nothing was sent.", statusCode: StatusCodes.Status409Conflict);
    }

    static ValidationProblem Bad(string message) => InvalidInput.Message(message);
}

public sealed record PhaseRequest(string? Phase);

public sealed record AnnounceRequest(List<string>? Roles);

/// <summary>What a role hears when the phase is announced.</summary>
public sealed record RoleExpectations(string Role, string Title, List<string> Expectations);

/// <summary>The current phase (null while none is set), what it is, and what it expects of each role: the announcement's preview.</summary>
public sealed record PhaseView(string? Phase, string? Name, string? GuideName, string? What, DateTime? ChangedAt, List<RoleExpectations> Roles, List<string> Phases)
{
    public static PhaseView Of(CurrentPhase? current)
    {
        List<string> all = [.. Enum.GetValues<ActionPhase>().Select(DefaultPlan.PhaseKey)];
        if (current is null) return new PhaseView(null, null, null, null, null, [], all);
        var guide = PhaseGuide.Of(current.Phase);
        return new PhaseView(DefaultPlan.PhaseKey(current.Phase), guide.Name, guide.GuideName, guide.What, current.ChangedAt,
            [.. Core.Directory.Roles.All.Select(r => new RoleExpectations(r, Core.Directory.Roles.Title(r), PhaseGuide.ExpectationsFor(current.Phase, [r])))],
            all);
    }
}
