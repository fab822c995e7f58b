using HitBot.Dashboard;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;

namespace HitBot.Endpoints;

/// <summary>What a caller of the admin API may do: everything, their cohort's updates, or read their own site.</summary>
public enum AdminRole
{
    CentralTeam,
    PartnerLead,
    SiteChampion,
}

/// <summary>Who is calling the admin API: the central team (shared admin token, or a central team member's own token), a partner lead or a site champion.</summary>
public sealed record AdminCaller(Core.Directory.Person? Person, AdminRole Role)
{
    const string Key = "hitbot.admin-caller";

    public static readonly AdminCaller CentralTeam = new(null, AdminRole.CentralTeam);

    public bool IsPartnerLead => Role == AdminRole.PartnerLead;

    public bool IsSiteChampion => Role == AdminRole.SiteChampion;

    public static AdminCaller Of(HttpContext context) => context.Items[Key] as AdminCaller ?? CentralTeam;

    internal void Attach(HttpContext context) => context.Items[Key] = this;
}

/// <summary>Marks an admin endpoint that partner leads may call with their personal token; it checks their cohort itself.</summary>
public sealed class PartnerLeadsAllowed;

/// <summary>Marks an admin endpoint that site champions may read with their personal token; it cuts its answer to their own site.</summary>
public sealed class SiteChampionsAllowed;

/// <summary>The admin API's policy: a valid credential (bearer or dashboard session) whose holder may call this endpoint.</summary>
public sealed class AdminAccessRequirement : IAuthorizationRequirement
{
    public const string Policy = "AdminApi";
}

/// <summary>
/// Decides, after authentication and before anything reads the body: central team members get everything, partner
/// leads only endpoints marked <see cref="PartnerLeadsAllowed"/>, site champions only reads (GET) of endpoints marked
/// <see cref="SiteChampionsAllowed"/>, and a dashboard session must also send its CSRF
/// token on anything that changes data, so a page on another site cannot use a signed-in browser.
/// </summary>
public sealed class AdminAccessHandler(AdminIdentity identity, IAntiforgery antiforgery) : AuthorizationHandler<AdminAccessRequirement, HttpContext>
{
    public const string CsrfRefusal = "The page's security token is missing or out of date: reload the page and try again.";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminAccessRequirement requirement, HttpContext http)
    {
        if (AdminClaims.Credential(context.User) is not { } credential) return;

        var fromSession = context.User.Identity?.AuthenticationType == DashboardSession.Scheme;
        if (fromSession && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !await antiforgery.IsRequestValidAsync(http))
        {
            context.Fail(new AuthorizationFailureReason(this, CsrfRefusal));
            return;
        }

        var metadata = http.GetEndpoint()?.Metadata;
        // A site champion changes nothing: even a marked endpoint admits them for reading only.
        var reading = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        var (caller, refusal) = identity.Admit(credential,
            partnerLeadsAllowed: metadata?.GetMetadata<PartnerLeadsAllowed>() is not null,
            siteChampionsAllowed: reading && metadata?.GetMetadata<SiteChampionsAllowed>() is not null);
        if (caller is null)
        {
            context.Fail(new AuthorizationFailureReason(this, refusal ?? "Not allowed."));
            return;
        }
        if (caller.Person is not null) caller.Attach(http);
        context.Succeed(requirement);
    }
}
