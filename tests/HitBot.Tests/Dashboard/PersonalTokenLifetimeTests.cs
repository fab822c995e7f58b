using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A personal token works for HitBot:Admin:PersonalTokenDays (365 by default) from when it was issued, then opens nothing:
/// a partner lead who left a vendor a year ago, whose role nobody took off the roster, kept a key to tutors' names for good.
/// The clock starts at 2026-03-02 14:00 UTC (HitBotApp), in a program on Chicago time.
/// </summary>
public sealed class PersonalTokenLifetimeTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    const string Expired = "This personal token expired on 2 March 2027: ask the central team for a new one.";

    [Fact]
    public async Task A_partner_leads_token_works_the_day_before_it_expires_and_the_day_after_the_api_and_the_sign_in_form_say_it_expired_and_whom_to_ask()
    {
        await using var app = new HitBotApp();
        var (_, token) = await PartnerLeadWithTokenAsync(app);
        var api = Bearer(app, token);

        app.Time.Advance(TimeSpan.FromDays(364));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(new Uri("/api/admin/updates", UriKind.Relative), Ct)).StatusCode);

        app.Time.Advance(TimeSpan.FromDays(2));
        var refused = await api.GetAsync(new Uri("/api/admin/updates", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.ToString());
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal((Expired, 401), ((string?)problem!["title"], (int)problem["status"]!));

        var signIn = await new DashboardSignIn(app).SignInAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Contains(Expired, await signIn.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dashboard_session_opened_with_a_personal_token_ends_when_the_token_expires()
    {
        await using var app = new HitBotApp();
        var (_, token) = await PartnerLeadWithTokenAsync(app);
        app.Time.Advance(TimeSpan.FromDays(365) - TimeSpan.FromHours(1));
        var browser = new DashboardSignIn(app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/api/admin/updates")).StatusCode);

        // Two hours on: well inside the session's 8 idle hours, but past the token's year.
        app.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, "/api/admin/updates")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.GetAsync(new Uri("/dashboard/session", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task With_PersonalTokenDays_0_a_token_still_works_years_later_and_is_shown_as_never_expiring()
    {
        await using var app = new HitBotApp(new() { ["HitBot:Admin:PersonalTokenDays"] = "0" });
        var (issued, token) = await PartnerLeadWithTokenAsync(app);
        Assert.True(issued.ContainsKey("expiresAt"));
        Assert.Null(issued["expiresAt"]);

        app.Time.Advance(TimeSpan.FromDays(3 * 365));

        Assert.Equal(HttpStatusCode.OK, (await Bearer(app, token).GetAsync(new Uri("/api/admin/updates", UriKind.Relative), Ct)).StatusCode);
        var pia = await PersonInListAsync(app, "pia@example.org");
        Assert.NotNull(pia["tokenIssuedAt"]);
        Assert.Null(pia["tokenExpiresAt"]);
        var data = await ExportAsync(app, "pia@example.org");
        Assert.True(data.ContainsKey("personalTokenExpiresAt"));
        Assert.Null(data["personalTokenExpiresAt"]);
    }

    /// <summary>A partner lead who asks what HitBot holds about them was told when their token was issued, not until when it works.</summary>
    [Fact]
    public async Task A_holders_data_export_says_when_their_token_was_issued_and_when_it_expires()
    {
        await using var app = new HitBotApp(new() { ["HitBot:Admin:PersonalTokenDays"] = "90" });
        await PartnerLeadWithTokenAsync(app);
        var issuedAt = DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var data = await ExportAsync(app, "pia@example.org");

        Assert.Equal(issuedAt, DateTimeOffset.Parse((string)data["personalTokenIssuedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(issuedAt.AddDays(90), DateTimeOffset.Parse((string)data["personalTokenExpiresAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null((await ExportAsync(app, "tom@example.org"))["personalTokenExpiresAt"]); // no token at all
    }

    static async Task<JsonObject> ExportAsync(HitBotApp app, string email)
    {
        var id = app.Get<DirectoryStore>().FindByEmail(email)!.Id;
        return (await app.CreateAdminClient().GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/people/{id}/data", UriKind.Relative), Ct))!;
    }

    [Fact]
    public async Task The_issue_answer_and_the_people_list_say_when_a_token_was_issued_and_when_it_expires()
    {
        await using var app = new HitBotApp(new() { ["HitBot:Admin:PersonalTokenDays"] = "90" });
        var (issued, _) = await PartnerLeadWithTokenAsync(app);
        var issuedAt = DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(issuedAt.AddDays(90), DateTimeOffset.Parse((string)issued["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        var pia = await PersonInListAsync(app, "pia@example.org");
        Assert.Equal(issuedAt, DateTimeOffset.Parse((string)pia["tokenIssuedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(issuedAt.AddDays(90), DateTimeOffset.Parse((string)pia["tokenExpiresAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        // Someone without a token shows neither date.
        var tutor = await PersonInListAsync(app, "tom@example.org");
        Assert.Null(tutor["tokenIssuedAt"]);
    }

    /// <summary>
    /// The People page said "expired" by the browser's clock while the dates are HitBot's: a laptop set a day wrong called a
    /// working token expired, or an expired one working. The list now says whether it has expired, by HitBot's clock.
    /// </summary>
    [Fact]
    public async Task The_people_list_says_a_token_has_expired_by_HitBots_clock_from_the_instant_it_stops_working()
    {
        await using var app = new HitBotApp(new() { ["HitBot:Admin:PersonalTokenDays"] = "90" });
        await PartnerLeadWithTokenAsync(app);
        app.Time.Advance(TimeSpan.FromDays(90) - TimeSpan.FromMinutes(1));
        var before = await PersonInListAsync(app, "pia@example.org");

        app.Time.Advance(TimeSpan.FromMinutes(1));
        var after = await PersonInListAsync(app, "pia@example.org");

        Assert.Equal(false, (bool?)before["tokenExpired"]);
        Assert.Equal(true, (bool?)after["tokenExpired"]);
        Assert.Equal(false, (bool?)(await PersonInListAsync(app, "tom@example.org"))["tokenExpired"]); // no token at all
    }

    /// <summary>
    /// The issue answer's expiry comes from the time stored with the token, not from a second read of it: to the millisecond
    /// the one the people list shows and the lifetime check uses, on a clock that is not on a whole second.
    /// </summary>
    [Fact]
    public async Task The_issue_answer_gives_the_expiry_the_people_list_shows_on_a_clock_between_milliseconds()
    {
        await using var app = new HitBotApp(new() { ["HitBot:Admin:PersonalTokenDays"] = "90" });
        app.Time.Advance(TimeSpan.FromTicks(1_234_567)); // 14:00:00.1234567

        var (issued, _) = await PartnerLeadWithTokenAsync(app);

        var listed = await PersonInListAsync(app, "pia@example.org");
        Assert.Equal(DateTimeOffset.Parse((string)listed["tokenExpiresAt"]!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)issued["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    static async Task<(JsonObject Issued, string Token)> PartnerLeadWithTokenAsync(HitBotApp app)
    {
        var admin = app.CreateAdminClient();
        using var roster = new StringContent("name,email,role,site,partner\nPia Chen,pia@example.org,partner lead,,CityTutors\nTom Reed,tom@example.org,tutor,Lincoln,CityTutors\n",
            System.Text.Encoding.UTF8, "text/csv");
        (await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        var pia = app.Get<DirectoryStore>().FindByEmail("pia@example.org")!;
        var answer = await admin.PostAsync(new Uri($"/api/admin/people/{pia.Id}/api-token", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var issued = (await answer.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        return (issued, (string)issued["token"]!);
    }

    static async Task<JsonObject> PersonInListAsync(HitBotApp app, string email)
    {
        var people = await app.CreateAdminClient().GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people", UriKind.Relative), Ct);
        return people!.OfType<JsonObject>().Single(p => (string?)p["email"] == email);
    }

    static HttpClient Bearer(HitBotApp app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
