using System.Security.Claims;
using HitBot.Dashboard;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace HitBot.Admin;

/// <summary>
/// The admin API's three policies, put on endpoint groups with <c>RequireAuthorization</c>: <see cref="CentralTeam"/>
/// (everything else), <see cref="PartnerLead"/> (writing and sending their own updates, reading their own cohort) and
/// <see cref="SiteChampion"/> (reading their own site). The central team passes all three; the roles come from <see cref="AdminRoleClaims"/>.
/// </summary>
public static class AdminPolicies
{
    public const string CentralTeam = "CentralTeam";
    public const string PartnerLead = "PartnerLead";
    public const string SiteChampion = "SiteChampion";

    public static readonly IReadOnlyList<string> All = [CentralTeam, PartnerLead, SiteChampion];

    public static AuthorizationBuilder AddAdminPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(CentralTeam, p => Door(p, AdminRoles.CentralTeam))
        .AddPolicy(PartnerLead, p => Door(p, AdminRoles.CentralTeam, AdminRoles.PartnerLead))
        .AddPolicy(SiteChampion, p => Door(p, AdminRoles.CentralTeam, AdminRoles.SiteChampion));

    static void Door(AuthorizationPolicyBuilder policy, params string[] roles) => policy
        .AddAuthenticationSchemes(AdminApi.Scheme)
        .RequireAuthenticatedUser()
        .AddRequirements(new AdminAccessRequirement(roles));
}

/// <summary>The roles a caller of the admin API holds, as <see cref="ClaimTypes.Role"/> claims; the same words as a personal token's scope.</summary>
public static class AdminRoles
{
    public const string CentralTeam = "central-team";
    public const string PartnerLead = "partner-lead";
    public const string SiteChampion = "site-champion";
}

/// <summary>A valid credential whose holder has one of <see cref="Roles"/>; a dashboard session's change must carry its CSRF token too.</summary>
public sealed record AdminAccessRequirement(IReadOnlyList<string> Roles) : IAuthorizationRequirement;

/// <summary>
/// Decides, after authentication and before anything reads the body: a caller holding one of the policy's roles may
/// call, except that a site champion only reads (GET) even where the policy admits them; a dashboard session must also
/// send its CSRF token on anything that changes data, so a page on another site cannot use a signed-in browser. A
/// refusal says why, for the 403 (<see cref="AdminAuthorizationResults"/>).
/// </summary>
public sealed class AdminAccessHandler(IAntiforgery antiforgery) : AuthorizationHandler<AdminAccessRequirement, HttpContext>
{
    public const string CsrfRefusal = "The page's security token is missing or out of date: reload the page and try again.";
    public const string NoRoleRefusal = "This personal token's holder is no longer a partner lead, a site champion or on the central team.";
    public const string PartnerLeadRefusal = "Partner leads can write, preview, test, send, correct and recall updates to their own tutors, and read their own cohort's results, at-risk lists and action items; nothing else.";
    public const string SiteChampionRefusal = "Site champions can read their own site's results, at-risk lists, action items and updates, and change nothing.";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminAccessRequirement requirement, HttpContext http)
    {
        if (AdminClaims.Credential(context.User) is null) return;

        var reading = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        var fromSession = context.User.Identity?.AuthenticationType == DashboardSession.Scheme;
        if (fromSession && !reading && !await antiforgery.IsRequestValidAsync(http))
        {
            context.Fail(new AuthorizationFailureReason(this, CsrfRefusal));
            return;
        }

        // A site champion changes nothing: even a door that admits them admits them for reading only.
        if (requirement.Roles.Any(role => context.User.IsInRole(role) && (role != AdminRoles.SiteChampion || reading)))
            context.Succeed(requirement);
        else
            context.Fail(new AuthorizationFailureReason(this,
                context.User.IsInRole(AdminRoles.PartnerLead) ? PartnerLeadRefusal
                : context.User.IsInRole(AdminRoles.SiteChampion) ? SiteChampionRefusal
                : NoRoleRefusal));
    }
}

/// <summary>
/// Adds the caller's admin roles to a principal that proved an admin credential, worked out again on every request
/// from the roster, so a changed role counts at once for bearer tokens and dashboard sessions alike. Any role claim
/// the principal came with is replaced: ASP.NET Core may run a transformation more than once per request.
/// </summary>
public sealed class AdminRoleClaims(AdminIdentity identity) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (AdminClaims.Credential(principal) is not { } credential || principal.Identity is not ClaimsIdentity { } signedIn)
            return Task.FromResult(principal);
        var claims = signedIn.Claims.Where(c => c.Type != signedIn.RoleClaimType)
            .Concat(identity.RolesOf(credential).Select(role => new Claim(signedIn.RoleClaimType, role)));
        return Task.FromResult(new ClaimsPrincipal(new ClaimsIdentity(claims, signedIn.AuthenticationType, signedIn.NameClaimType, signedIn.RoleClaimType)));
    }
}
