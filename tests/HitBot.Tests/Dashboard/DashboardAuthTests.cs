using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// The dashboard's door, over HTTP: the admin token signs in, a wrong one does not, every admin route is closed without a
/// session or token, a session cannot change anything without its CSRF token, and sessions end when their token does.
/// </summary>
public sealed class DashboardAuthTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    readonly HitBotApp app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Every_admin_route_answers_401_without_a_session_or_token()
    {
        var client = app.CreateClient();
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/admin", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Path: Fill(e.RoutePattern.RawText!))))
            .ToList();
        Assert.True(routes.Count >= 30, $"expected the whole admin API, found {routes.Count} routes");

        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(new JsonObject()) };
            var response = await client.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode}");
        }
        var session = await client.GetAsync(new Uri("/dashboard/session", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
    }

    static string Fill(string pattern) => System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", "x");

    [Fact]
    public async Task A_wrong_token_cannot_sign_in_and_the_pages_send_strangers_to_the_sign_in_page()
    {
        var browser = new DashboardSignIn(app);
        var shell = await browser.Client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        Assert.Equal((HttpStatusCode.Redirect, "/login"), (shell.StatusCode, shell.Headers.Location?.OriginalString));

        var refused = await browser.SignInAsync("not-the-admin-token-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("That token did not work", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(refused.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("hitbot.session=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, "/api/admin/people")).StatusCode);

        var signedIn = await browser.SignInAsync(HitBotApp.AdminToken);
        Assert.Equal((HttpStatusCode.Redirect, "/"), (signedIn.StatusCode, signedIn.Headers.Location?.OriginalString));
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hitbot.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var page = await browser.Client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/assets/app.js", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_browser_changes_nothing_without_the_csrf_token()
    {
        var browser = new DashboardSignIn(app);
        await browser.SignInAsync(HitBotApp.AdminToken);
        var template = new JsonObject { ["template"] = RetentionPulse.TemplateId };

        var forged = await browser.SendAsync(HttpMethod.Post, "/api/admin/surveys", template, withCsrf: false);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("security token", await forged.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(app.Get<SurveyStore>().AllSurveys());

        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/api/admin/surveys", withCsrf: false)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(HttpMethod.Post, "/api/admin/surveys", template)).StatusCode);
        Assert.Single(app.Get<SurveyStore>().AllSurveys());

        // Signing out needs the token too (a stranger's page cannot sign you out), and afterwards the cookie opens nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(HttpMethod.Post, "/logout", withCsrf: false)).StatusCode);
        using var logout = new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = browser.Csrf });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Client.PostAsync(new Uri("/logout", UriKind.Relative), logout, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, "/api/admin/surveys")).StatusCode);
    }

    [Fact]
    public async Task A_session_ends_after_eight_idle_hours()
    {
        var browser = new DashboardSignIn(app);
        await browser.SignInAsync(HitBotApp.AdminToken);
        app.Time.Advance(TimeSpan.FromHours(7));
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/api/admin/people")).StatusCode);
        app.Time.Advance(TimeSpan.FromHours(8.5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, "/api/admin/people")).StatusCode);
    }

    [Fact]
    public async Task A_partner_lead_signs_in_with_their_personal_token_sees_updates_only_and_is_out_once_it_is_revoked()
    {
        var admin = app.CreateAdminClient();
        using var roster = new StringContent("name,email,role,site,partner\nPia Chen,pia@example.org,partner lead,,CityTutors\n", System.Text.Encoding.UTF8, "text/csv");
        (await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        var pia = app.Get<DirectoryStore>().FindByEmail("pia@example.org")!;
        var issued = await (await admin.PostAsync(new Uri($"/api/admin/people/{pia.Id}/api-token", UriKind.Relative), null, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);

        var browser = new DashboardSignIn(app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync((string)issued!["token"]!)).StatusCode);
        var session = await browser.Client.GetFromJsonAsync<JsonObject>(new Uri("/dashboard/session", UriKind.Relative), Ct);
        Assert.Equal(("Pia Chen", true), ((string?)session!["name"], (bool)session["partnerLead"]!));
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/api/admin/updates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(HttpMethod.Get, "/api/admin/people")).StatusCode);

        (await admin.DeleteAsync(new Uri($"/api/admin/people/{pia.Id}/api-token", UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, "/api/admin/updates")).StatusCode);
    }

    [Fact]
    public async Task A_central_team_member_who_is_deactivated_loses_the_admin_api_and_the_dashboard_with_the_token_still_issued()
    {
        var admin = app.CreateAdminClient();
        using var roster = new StringContent("name,email,role\nCarla Diaz,carla@example.org,central team\n", System.Text.Encoding.UTF8, "text/csv");
        (await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        var carla = app.Get<DirectoryStore>().FindByEmail("carla@example.org")!;
        var token = (string)(await (await admin.PostAsync(new Uri($"/api/admin/people/{carla.Id}/api-token", UriKind.Relative), null, Ct))
            .Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!;
        var browser = new DashboardSignIn(app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(token)).StatusCode);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(new Uri("/api/admin/feedback", UriKind.Relative), Ct)).StatusCode);

        // She leaves the program: the central team deactivates her, as the README says, and forgets her token.
        (await admin.PatchAsJsonAsync($"/api/admin/people/{carla.Id}", new JsonObject { ["active"] = false }, Ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync(new Uri("/api/admin/feedback", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync("/api/admin/updates", new JsonObject { ["title"] = "x", ["body"] = "y" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(HttpMethod.Get, "/api/admin/people")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await new DashboardSignIn(app).SignInAsync(token)).StatusCode);
        var reissue = await admin.PostAsync(new Uri($"/api/admin/people/{carla.Id}/api-token", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, reissue.StatusCode);
        Assert.Contains("inactive", await reissue.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
