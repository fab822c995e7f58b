using HitBot.Dashboard;
using Microsoft.AspNetCore.Antiforgery;

namespace HitBot.Endpoints;

/// <summary>Who is calling the admin API: the central team (shared admin token, or a central team member's own token) or a partner lead.</summary>
public sealed record AdminCaller(Core.Directory.Person? Person, bool IsPartnerLead)
{
    const string Key = "hitbot.admin-caller";

    public static readonly AdminCaller CentralTeam = new(null, false);

    public static AdminCaller Of(HttpContext context) => context.Items[Key] as AdminCaller ?? CentralTeam;

    internal void Attach(HttpContext context) => context.Items[Key] = this;
}

/// <summary>Marks an admin endpoint that partner leads may call with their personal token; it checks their cohort itself.</summary>
public sealed class PartnerLeadsAllowed;

/// <summary>
/// The admin API's door: off when no token is set; otherwise a bearer token (scripts) or a dashboard session cookie
/// (people), 401 without either. A session must also send the CSRF token on anything that changes data, so a page on
/// another site cannot use a signed-in browser. Partner leads only reach endpoints marked <see cref="PartnerLeadsAllowed"/>.
/// </summary>
public sealed class AdminAuth(AdminIdentity identity, IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!identity.Enabled)
            return TypedResults.Problem(title: "The admin API is off: set HitBot:Admin:Token to turn it on.", statusCode: StatusCodes.Status404NotFound);

        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        AdminCredential? credential;
        if (header.Length > 0)
        {
            const string scheme = "Bearer ";
            credential = header.StartsWith(scheme, StringComparison.Ordinal) ? identity.Check(header[scheme.Length..].Trim()) : null;
        }
        else
        {
            credential = await DashboardSession.ReadAsync(http, identity);
            if (credential is not null && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                && await DashboardSession.CsrfRefusalAsync(http, antiforgery) is { } refused)
                return refused;
        }
        if (credential is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                title: "Sign in to the dashboard, or send the admin token (or your personal token) as 'Authorization: Bearer <token>'.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var (caller, refusal) = identity.Admit(credential, http.GetEndpoint()?.Metadata.GetMetadata<PartnerLeadsAllowed>() is not null);
        if (caller is null) return refusal;
        if (caller.Person is not null) caller.Attach(http);
        return await next(context);
    }
}
