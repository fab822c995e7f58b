using System.Security.Claims;
using HitBot.Admin;
using HitBot.Core.Directory;
using HitBot.Core.Updates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Updates;

/// <summary>
/// What a partner lead may do with one update, asked of <see cref="IAuthorizationService"/> with the update as the
/// resource: <see cref="See"/> it (only the updates they wrote), <see cref="Send"/> it (only to their own tutors: also
/// asked before a new one is saved), <see cref="TestSend"/> it (one they may see, to themselves only) or <see cref="Change"/>
/// it once sent (one they may see, still to their own tutors only). The central team may do all four.
/// </summary>
public sealed record PartnerLeadCohort(string Operation) : IAuthorizationRequirement
{
    public static readonly PartnerLeadCohort See = new("see");
    public static readonly PartnerLeadCohort Send = new("send");
    public static readonly PartnerLeadCohort TestSend = new("test-send");
    /// <summary>Correct or recall a sent update: one they may see, that still goes to their own tutors only.</summary>
    public static readonly PartnerLeadCohort Change = new("change");

    /// <summary>The 403 when <paramref name="user"/> may not do this with <paramref name="update"/>, or null when they may.</summary>
    public static async Task<ProblemHttpResult?> RefusalAsync(
        IAuthorizationService authorization, ClaimsPrincipal user, PartnerLeadCohort operation, Update update, string? testRecipient = null)
    {
        var result = await authorization.AuthorizeAsync(user, new UpdateAction(update, testRecipient), operation);
        return result.Succeeded ? null : TypedResults.Problem(
            title: result.Failure?.FailureReasons.FirstOrDefault()?.Message ?? AdminAccessHandler.PartnerLeadRefusal,
            statusCode: StatusCodes.Status403Forbidden);
    }

    /// <summary>Whether <paramref name="user"/> may see <paramref name="update"/>: the list of updates is cut with the same rule (<see cref="MayList"/>).</summary>
    public static bool MaySee(ClaimsPrincipal user, Update update) =>
        user.IsInRole(AdminRoles.CentralTeam)
        || (user.IsInRole(AdminRoles.PartnerLead) && AdminClaims.PersonId(user) is { } lead && update.CreatedBy == lead);

    /// <summary>
    /// <see cref="MaySee"/> as a condition for the store's list: false when <paramref name="user"/> may see no update;
    /// otherwise <paramref name="writtenBy"/> is null for every update (the central team) or the partner lead's own id.
    /// </summary>
    public static bool MayList(ClaimsPrincipal user, out string? writtenBy)
    {
        writtenBy = null;
        if (user.IsInRole(AdminRoles.CentralTeam)) return true;
        writtenBy = user.IsInRole(AdminRoles.PartnerLead) ? AdminClaims.PersonId(user) : null;
        return writtenBy is not null;
    }
}

/// <summary>The resource of a <see cref="PartnerLeadCohort"/> check: the update, and for a test send its recipient.</summary>
public sealed record UpdateAction(Update Update, string? TestRecipient);

/// <summary>The partner leads' rule in one place, instead of a check in each update endpoint.</summary>
public sealed class PartnerLeadCohortHandler(DirectoryStore directory, UpdatePosting posting) : AuthorizationHandler<PartnerLeadCohort, UpdateAction>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PartnerLeadCohort requirement, UpdateAction action)
    {
        if (context.User.IsInRole(AdminRoles.CentralTeam))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }
        var lead = context.User.IsInRole(AdminRoles.PartnerLead) && AdminClaims.PersonId(context.User) is { } id ? directory.Find(id) : null;
        var refusal = lead is null ? AdminAccessHandler.PartnerLeadRefusal : requirement switch
        {
            _ when requirement == PartnerLeadCohort.Send => posting.Refusal(lead, action.Update),
            _ when requirement == PartnerLeadCohort.TestSend && action.TestRecipient != lead.Id => "Partner leads can test-send to themselves only.",
            _ when !PartnerLeadCohort.MaySee(context.User, action.Update) => "Partner leads can see only the updates they wrote.",
            _ when requirement == PartnerLeadCohort.Change => posting.ChangeRefusal(lead, action.Update),
            _ => null,
        };
        if (refusal is null) context.Succeed(requirement);
        else context.Fail(new AuthorizationFailureReason(this, refusal));
        return Task.CompletedTask;
    }
}
