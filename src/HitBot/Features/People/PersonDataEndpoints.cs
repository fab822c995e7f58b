using HitBot.Admin;
using HitBot.Core.PersonData;
using HitBot.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.People;

/// <summary>
/// <c>GET /api/admin/people/{id}/data</c>: everything HitBot holds about a person, as one JSON file to hand them when they
/// ask for their data. The central team's only (a site champion or partner lead gets 403), like erasing them.
/// </summary>
public static partial class PersonDataEndpoints
{
    public static RouteGroupBuilder MapPersonDataEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/people/{id}/data", Export);
        return admin;
    }

    static Results<Ok<PersonDataDocument>, ProblemHttpResult> Export(
        string id, PersonDataExport export, DashboardSessions sessions, AdminIdentity identity, HttpContext http, ILoggerFactory loggers)
    {
        if (export.For(id) is not { } document)
            return TypedResults.Problem(title: $"There is no person '{id}'. Someone erased is not kept: there is nothing to export.", statusCode: StatusCodes.Status404NotFound);
        // Who asked for whose data, by id only: the log is where the district looks for exports (there is no audit store).
        LogExported(loggers.CreateLogger(typeof(PersonDataEndpoints).FullName ?? nameof(PersonDataEndpoints)), document.PersonId, AdminClaims.PersonId(http.User) ?? "admin-token");
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"hitbot-data-{document.PersonId}.json\"";
        return TypedResults.Ok(document with
        {
            DashboardSignIns = sessions.Of(document.PersonId),
            PersonalTokenExpiresAt = document.PersonalTokenIssuedAt is { } issued ? identity.ExpiresAt(issued) : null,
        });
    }

    [LoggerMessage(2401, LogLevel.Information, "The data HitBot holds about person {PersonId} was exported by {ExportedBy}")]
    static partial void LogExported(ILogger logger, string personId, string exportedBy);
}
