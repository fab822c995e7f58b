using System.Text.Json.Nodes;
using HitBot.Admin;
using HitBot.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.FileProviders;

namespace HitBot.Dashboard;

/// <summary>
/// The central team's dashboard at <c>/</c>: a sign-in page, the page shell and its assets (all served from this
/// assembly, nothing from other hosts). The pages themselves call the admin API with the session cookie.
/// </summary>
public static class DashboardEndpoints
{
    public const string CsrfHeader = "X-CSRF-TOKEN";
    public const string CsrfField = "csrf";

    static readonly ManifestEmbeddedFileProvider Assets = new(typeof(DashboardEndpoints).Assembly, "Dashboard/assets");

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.Use(SecurityHeaders);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = Assets, RequestPath = "/assets" });
        app.MapGet("/", Shell).ExcludeFromDescription();
        app.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, AdminIdentity identity) =>
            LoginPage.Render(antiforgery.GetAndStoreTokens(http).RequestToken!, identity.Enabled ? null : LoginPage.AdminApiOff, StatusCodes.Status200OK))
            .ExcludeFromDescription();
        app.MapPost("/login", SignIn).DisableAntiforgery().WithBodyLimit(BodyLimits.SignInForm).ExcludeFromDescription();
        app.MapPost("/logout", SignOut).DisableAntiforgery().WithBodyLimit(BodyLimits.SignInForm).ExcludeFromDescription();
        app.MapGet("/dashboard/session", Session).ExcludeFromDescription();
        return app;
    }

    /// <summary>The page shell for a signed-in person; everyone else goes to the sign-in page.</summary>
    static async Task<IResult> Shell(HttpContext http, AdminIdentity identity)
    {
        if (await DashboardSession.ReadAsync(http) is null) return Results.Redirect("/login");
        var file = Assets.GetFileInfo("index.html");
        http.Response.Headers.CacheControl = "no-store";
        return Results.Stream(file.CreateReadStream(), "text/html; charset=utf-8");
    }

    static async Task<IResult> SignIn(
        HttpContext http, IAntiforgery antiforgery, AdminIdentity identity, DashboardSessions sessions, AuthFailureThrottle throttle, ILoggerFactory logs)
    {
        // No admin token set: nothing can sign in, so no try is a wrong one (after ten, the page said "too many wrong tokens").
        if (!identity.Enabled)
            return LoginPage.Render(antiforgery.GetAndStoreTokens(http).RequestToken!, LoginPage.AdminApiOff, StatusCodes.Status404NotFound);
        var address = http.Connection.RemoteIpAddress;
        if (throttle.RetryAfter(address) is { } wait) return TooManyTries(http, antiforgery, wait);
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return LoginPage.Render(antiforgery.GetAndStoreTokens(http).RequestToken!, LoginPage.Expired, StatusCodes.Status400BadRequest);
        var form = await http.Request.ReadFormAsync();
        // Judged again with the token: the look above came before the body, which a guesser can hold back on many tries at once.
        var (check, locked) = throttle.Judge(address, () => identity.Check(form["token"].ToString().Trim()));
        if (locked is { } later) return TooManyTries(http, antiforgery, later);
        if (check?.ExpiredAt is { } expired)
            return LoginPage.Render(antiforgery.GetAndStoreTokens(http).RequestToken!, identity.ExpiredMessage(expired), StatusCodes.Status401Unauthorized);
        if (check?.Credential is not { } credential)
        {
            logs.CreateLogger("HitBot.Dashboard").LogWarning("Dashboard sign-in refused: wrong token from {Address}", address);
            return LoginPage.Render(antiforgery.GetAndStoreTokens(http).RequestToken!, LoginPage.WrongToken, StatusCodes.Status401Unauthorized);
        }
        if (identity.RolesOf(credential).Count == 0)
            return LoginPage.Render(antiforgery.GetAndStoreTokens(http).RequestToken!, AdminAccessHandler.NoRoleRefusal, StatusCodes.Status403Forbidden);
        // A browser session (no Expires): the server-side session still ends after DashboardSession.Lifetime without use.
        var principal = AdminClaims.Principal(credential, identity.DisplayName(credential), DashboardSession.Scheme, sessions.Start(credential));
        await http.SignInAsync(DashboardSession.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        return Results.Redirect("/", permanent: false, preserveMethod: false);
    }

    static IResult TooManyTries(HttpContext http, IAntiforgery antiforgery, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LoginPage.Render(antiforgery.GetAndStoreTokens(http).RequestToken!, LoginPage.TooManyTries(seconds), StatusCodes.Status429TooManyRequests);
    }

    /// <summary>Ends the session on the server too: a copy of the cookie saved before opens nothing afterwards.</summary>
    static async Task<IResult> SignOut(HttpContext http, IAntiforgery antiforgery, DashboardSessions sessions)
    {
        if (await DashboardSession.ReadAsync(http) is not null)
        {
            if (await DashboardSession.CsrfRefusalAsync(http, antiforgery) is { } refused) return refused;
            if (AdminClaims.SessionId(http.User) is { } id) sessions.End(id);
        }
        await http.SignOutAsync(DashboardSession.Scheme);
        return Results.Redirect("/login");
    }

    /// <summary>Who is signed in, which pages are theirs, and the CSRF token the pages send with every change.</summary>
    static async Task<IResult> Session(HttpContext http, AdminIdentity identity, IAntiforgery antiforgery, Core.Directory.DirectoryStore directory,
        Core.ProgramClock clock, Microsoft.Extensions.Options.IOptions<Teams.TeamsOptions> teams, Microsoft.Extensions.Options.IOptions<Slack.SlackOptions> slack)
    {
        if (await DashboardSession.ReadAsync(http) is not { } credential)
            return TypedResults.Problem(title: "Not signed in.", statusCode: StatusCodes.Status401Unauthorized);
        // The same rules as the admin API's door; the pages only hide what the API would refuse anyway.
        var holder = identity.Holder(credential);
        var roles = identity.RolesOf(credential);
        var partnerLead = roles.Contains(AdminRoles.PartnerLead);
        var siteChampion = roles.Contains(AdminRoles.SiteChampion);
        // Not cached: GetAndStoreTokens marks the response no-cache, no-store itself.
        return TypedResults.Ok(new JsonObject
        {
            ["name"] = identity.DisplayName(credential),
            ["partnerLead"] = partnerLead,
            ["siteChampion"] = siteChampion,
            ["personId"] = credential.PersonId,
            // A partner lead's updates go to their partner's tutors; the compose page fixes the audience to that.
            ["partner"] = partnerLead ? holder?.Partner : null,
            ["partnerName"] = partnerLead && holder?.Partner is { } partner ? directory.FindPartner(partner)?.Name ?? partner : null,
            ["site"] = siteChampion && holder?.Site is { } site ? directory.FindSite(site)?.Name ?? site : null,
            // Dates the pages ask for ("closes at the end of") are the program's days, whatever the browser's zone.
            ["timeZone"] = clock.Zone.Id,
            // The chat the pages name where people are reached: a Slack-only district was told "not in Teams or Slack yet" and
            // shown a Teams preview of every update. Both (or neither, or Teams' local test mode): "Teams or Slack".
            ["chats"] = (teams.Value.AuthEnabled, slack.Value.Enabled) switch { (false, true) when !teams.Value.Emulator => "Slack", (true, false) => "Teams", _ => "Teams or Slack" },
            ["csrf"] = antiforgery.GetAndStoreTokens(http).RequestToken,
        });
    }

    /// <summary>The dashboard loads only what this host serves, and no other site may frame it.</summary>
    static Task SecurityHeaders(HttpContext http, Func<Task> next)
    {
        var path = http.Request.Path;
        if (path == "/" || path.StartsWithSegments("/login") || path.StartsWithSegments("/assets"))
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
                                            "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
        }
        return next();
    }
}
