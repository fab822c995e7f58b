using System.Security.Cryptography;
using System.Text;
using HitBot.Core.Directory;
using HitBot.Core.Updates;
using HitBot.Hosting;
using Microsoft.Extensions.Options;

namespace HitBot.Endpoints;

/// <summary>Who is calling the admin API: the central team (shared admin token, or a central team member's own token) or a partner lead.</summary>
public sealed record AdminCaller(Person? Person, bool IsPartnerLead)
{
    const string Key = "hitbot.admin-caller";

    public static readonly AdminCaller CentralTeam = new(null, false);

    public static AdminCaller Of(HttpContext context) => context.Items[Key] as AdminCaller ?? CentralTeam;

    internal void Attach(HttpContext context) => context.Items[Key] = this;
}

/// <summary>Marks an admin endpoint that partner leads may call with their personal token; it checks their cohort itself.</summary>
public sealed class PartnerLeadsAllowed;

/// <summary>
/// Bearer-token check for the admin API: off when no token is set, 401 for a missing or wrong one. Besides the shared
/// admin token, a personal token (issued per person) identifies its holder: central team members get everything,
/// partner leads only the endpoints marked <see cref="PartnerLeadsAllowed"/> (403 elsewhere).
/// </summary>
public sealed class AdminAuth(IOptions<AdminOptions> options, PersonalTokens personal, DirectoryStore directory) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var token = options.Value.Token;
        if (token.Length == 0)
            return TypedResults.Problem(title: "The admin API is off: set HitBot:Admin:Token to turn it on.", statusCode: StatusCodes.Status404NotFound);

        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.Ordinal) ? header[scheme.Length..].Trim() : "";
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token)))
            return await next(context);

        if (personal.PersonIdFor(given) is not { } personId)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(title: "Send the admin token (or your personal token) as 'Authorization: Bearer <token>'.", statusCode: StatusCodes.Status401Unauthorized);
        }
        var person = directory.Find(personId);
        if (person?.HasRole(Roles.CentralTeam) == true)
        {
            new AdminCaller(person, IsPartnerLead: false).Attach(http);
            return await next(context);
        }
        if (person is null || !UpdatePosting.IsPartnerLead(person))
            return TypedResults.Problem(title: "This personal token's holder is no longer a partner lead or on the central team.", statusCode: StatusCodes.Status403Forbidden);
        if (http.GetEndpoint()?.Metadata.GetMetadata<PartnerLeadsAllowed>() is null)
            return TypedResults.Problem(title: "Partner leads can write, preview, test and send updates to their own tutors only.", statusCode: StatusCodes.Status403Forbidden);
        new AdminCaller(person, IsPartnerLead: true).Attach(http);
        return await next(context);
    }
}
