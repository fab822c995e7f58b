using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HitBot.Admin;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HitBot.Tests.Dashboard;

/// <summary>Issue 14's door: sessions end on the server, guessing is throttled, nothing is read before authentication, answers are never cached.</summary>
public sealed class AdminDoorTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    readonly HitBotApp app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_session_cookie_saved_before_sign_out_opens_nothing_afterwards()
    {
        var browser = new DashboardSignIn(app);
        var signedIn = await browser.SignInAsync(HitBotApp.AdminToken);
        var saved = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hitbot.session=", StringComparison.Ordinal)).Split(';')[0];

        using var logout = new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = browser.Csrf });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Client.PostAsync(new Uri("/logout", UriKind.Relative), logout, Ct)).StatusCode);
        using var replay = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/admin/people", UriKind.Relative));
        replay.Headers.Add("Cookie", saved);
        var response = await app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(replay, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Changing_the_admin_token_ends_every_session_for_good()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        string saved;
        using (var before = new HitBotApp(folder: folder))
        {
            var browser = new DashboardSignIn(before);
            var signedIn = await browser.SignInAsync(HitBotApp.AdminToken);
            saved = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hitbot.session=", StringComparison.Ordinal)).Split(';')[0];
        }
        try
        {
            using var after = new HitBotApp(new() { ["HitBot:Admin:Token"] = "rotated-4b9e1c7a2f6d8035e1b7c9a4d2f60e83" }, folder);
            using var replay = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/admin/people", UriKind.Relative));
            replay.Headers.Add("Cookie", saved);

            var response = await after.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(replay, Ct);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(0, after.Get<HitBot.Core.Storage.HitBotDb>().Collection<HitBot.Dashboard.DashboardSessionRow>(HitBot.Dashboard.DashboardSessions.Collection).Count());
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// A signed-in dashboard session is kept in the database, and a backup is the database: it must hold nothing against
    /// which guesses of the admin token can be tested offline, where no ten-a-minute limit applies.
    /// </summary>
    [Fact]
    public async Task A_backup_taken_while_someone_is_signed_in_holds_nothing_to_test_admin_token_guesses_against()
    {
        var browser = new DashboardSignIn(app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(HitBotApp.AdminToken)).StatusCode);
        var adminHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("admin:" + HitBotApp.AdminToken)));

        var backup = await app.CreateAdminClient().PostAsync(new Uri("/api/admin/backup", UriKind.Relative), null, Ct);
        var bytes = await backup.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, backup.StatusCode);
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(adminHash)) < 0, "the backup holds the admin token's SHA-256");
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "/api/admin/people")).StatusCode);
    }

    [Fact]
    public async Task Ten_wrong_tokens_in_a_minute_get_429_with_Retry_After_until_the_minute_is_over()
    {
        var guesser = Guesser("guess-0000000000000000000000000000");
        for (var i = 0; i < AuthFailureThrottle.MaxFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await ReadPeopleAsync(guesser)).StatusCode);

        var blocked = await ReadPeopleAsync(guesser);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), blocked.Headers.RetryAfter?.Delta);

        app.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReadPeopleAsync(guesser)).StatusCode);
    }

    /// <summary>
    /// An office behind one address: a colleague's correct call at 9:00:00, a guesser's ten wrong tokens at 9:00:50. The
    /// guesser waits a full minute from their first wrong token, not the ten seconds left of the minute the colleague began.
    /// </summary>
    [Fact]
    public async Task A_colleagues_correct_call_earlier_in_the_minute_does_not_shorten_the_guessers_wait()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.CreateAdminClient().GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct)).StatusCode);
        app.Time.Advance(TimeSpan.FromSeconds(50));
        var guesser = Guesser("guess-3333333333333333333333333333");
        for (var i = 0; i < AuthFailureThrottle.MaxFailures; i++) await ReadPeopleAsync(guesser);

        var blocked = await ReadPeopleAsync(guesser);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), blocked.Headers.RetryAfter?.Delta);
        app.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ReadPeopleAsync(guesser)).StatusCode);
    }

    /// <summary>
    /// Past 10,000 addresses the throttle forgets the minutes that are over, never one still running: a guesser with more
    /// addresses than that (a botnet, IPv6 blocks) does not free an address that is waiting by guessing from the others.
    /// </summary>
    [Fact]
    public async Task Guesses_from_ten_thousand_other_addresses_do_not_end_a_lock_out()
    {
        var guesser = Guesser("guess-4444444444444444444444444444");
        for (var i = 0; i < AuthFailureThrottle.MaxFailures; i++) await ReadPeopleAsync(guesser);

        // The other addresses' wrong tokens go straight to the throttle: ten thousand HTTP calls would only be slower.
        var throttle = app.Get<AuthFailureThrottle>();
        for (var i = 0; i <= 10_001; i++) throttle.Judge(new IPAddress(0x0A000000 + i), () => (string?)null);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await ReadPeopleAsync(guesser)).StatusCode);
    }

    /// <summary>
    /// Behind the README's reverse proxy (forwarded headers on), the address is the browser's. An IPv6 guesser owns a
    /// whole /64 and could take a fresh address for every ten tries; the block counts as one address. Another block, and
    /// an IPv4 client, are not held up by it.
    /// </summary>
    [Fact]
    public async Task Behind_a_proxy_a_guesser_cannot_dodge_the_limit_with_fresh_IPv6_addresses_from_one_block()
    {
        await using var proxied = new HitBotApp(new() { ["FORWARDEDHEADERS_ENABLED"] = "true" });
        Task<HttpStatusCode> TryFrom(string address, string token) => ForwardedAdminCall.ReadPeopleAsync(proxied, token, address);

        for (var i = 0; i < AuthFailureThrottle.MaxFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await TryFrom($"2001:db8:1:2::{i + 1:x}", "guess-2222222222222222222222222222"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await TryFrom("2001:db8:1:2:aaaa:bbbb:cccc:dddd", HitBotApp.AdminToken));
        Assert.Equal(HttpStatusCode.OK, await TryFrom("2001:db8:1:3::1", HitBotApp.AdminToken));
        Assert.Equal(HttpStatusCode.OK, await TryFrom("203.0.113.7", HitBotApp.AdminToken));
    }

    /// <summary>
    /// A server listening on IPv6 and IPv4 at once sees every IPv4 browser as <c>::ffff:a.b.c.d</c>. Those are counted by
    /// their IPv4 address, not by the /64 they all share: one guesser does not lock every IPv4 browser out of the dashboard.
    /// </summary>
    [Fact]
    public async Task A_guesser_on_IPv4_does_not_lock_out_other_IPv4_browsers_on_a_dual_stack_server()
    {
        await using var proxied = new HitBotApp(new() { ["FORWARDEDHEADERS_ENABLED"] = "true" });
        Task<HttpStatusCode> TryFrom(string address, string token) => ForwardedAdminCall.ReadPeopleAsync(proxied, token, address);

        for (var i = 0; i < AuthFailureThrottle.MaxFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await TryFrom("::ffff:203.0.113.7", "guess-5555555555555555555555555555"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await TryFrom("203.0.113.7", HitBotApp.AdminToken));
        Assert.Equal(HttpStatusCode.OK, await TryFrom("::ffff:198.51.100.20", HitBotApp.AdminToken));
    }

    /// <summary>
    /// The README suggests the district's own sign-in in front of the dashboard. A proxy that signs people in with HTTP Basic
    /// (nginx auth_basic) leaves the browser sending <c>Authorization: Basic …</c> on every request, the pages' calls
    /// included: that header is the proxy's, not a HitBot token, so the session cookie decides, and it is no wrong guess.
    /// </summary>
    [Fact]
    public async Task A_browser_behind_a_proxys_basic_sign_in_uses_the_dashboard_and_is_never_counted_as_guessing()
    {
        var browser = new DashboardSignIn(app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(HitBotApp.AdminToken)).StatusCode);
        browser.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("coordinator:proxy-password")));

        var reads = new List<HttpStatusCode>();
        for (var i = 0; i <= AuthFailureThrottle.MaxFailures; i++) reads.Add((await browser.SendAsync(HttpMethod.Get, "/api/admin/people")).StatusCode);
        var change = await browser.SendAsync(HttpMethod.Post, "/api/admin/calendar", new { name = "Spring break", kind = "break", first = "2026-03-23", last = "2026-03-27" });

        Assert.All(reads, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.Created, change.StatusCode);
        Assert.Null(app.Get<AuthFailureThrottle>().RetryAfter(null));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateAdminClient().GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Correct_calls_never_use_up_the_budget()
    {
        var admin = app.CreateAdminClient();
        var guesser = Guesser("guess-1111111111111111111111111111");

        for (var i = 0; i < 50; i++)
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct)).StatusCode);
        for (var i = 0; i < AuthFailureThrottle.MaxFailures - 1; i++)
            await ReadPeopleAsync(guesser);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Ten_wrong_sign_ins_lock_the_sign_in_form_for_a_minute()
    {
        var browser = new DashboardSignIn(app);
        for (var i = 0; i < AuthFailureThrottle.MaxFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync("wrong-token-" + i)).StatusCode);

        var locked = await browser.SignInAsync(HitBotApp.AdminToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("Too many wrong tokens", await locked.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.NotNull(locked.Headers.RetryAfter);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(HitBotApp.AdminToken)).StatusCode);
    }

    /// <summary>
    /// A guesser opens many sign-ins at once and holds their bodies back until all have passed the door, then sends them
    /// together: each is one guess, so ten are judged and the rest are 429, as if they had come one after another.
    /// </summary>
    [Fact]
    public async Task Sign_ins_sent_together_get_no_more_than_ten_guesses_between_them()
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var form = await browser.GetStringAsync(new Uri("/login", UriKind.Relative), Ct);
        var csrf = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(form, "name=\"csrf\" value=\"([^\"]+)\"").Groups[1].Value);
        var release = new TaskCompletionSource();
        using var arrived = new CountdownEvent(3 * AuthFailureThrottle.MaxFailures);
        var guesses = Enumerable.Range(0, 3 * AuthFailureThrottle.MaxFailures).Select(i => browser.PostAsync(new Uri("/login", UriKind.Relative),
            new HeldForm($"csrf={Uri.EscapeDataString(csrf)}&token=guess-{i:D4}-3333333333333333333333333", arrived, release.Task), Ct)).ToList();
        Assert.True(arrived.Wait(TimeSpan.FromSeconds(30), Ct), "the sign-ins did not all start");

        release.SetResult();
        var answers = (await Task.WhenAll(guesses)).Select(r => r.StatusCode).ToList();

        Assert.Equal(AuthFailureThrottle.MaxFailures, answers.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(2 * AuthFailureThrottle.MaxFailures, answers.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    /// <summary>The same for bearer calls sent at once: ten are judged, the rest answered 429 unchecked.</summary>
    [Fact]
    public async Task Bearer_calls_sent_together_get_no_more_than_ten_guesses_between_them()
    {
        var guesser = app.CreateClient();
        var calls = Enumerable.Range(0, 3 * AuthFailureThrottle.MaxFailures).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/admin/people", UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"guess-{i:D4}-4444444444444444444444444");
            return guesser.SendAsync(request, Ct);
        }).ToList();

        var answers = (await Task.WhenAll(calls)).Select(r => r.StatusCode).ToList();

        Assert.Equal(AuthFailureThrottle.MaxFailures, answers.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(2 * AuthFailureThrottle.MaxFailures, answers.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    /// <summary>A sign-in form whose body is sent only when told to: the request is under way, its body not yet there.</summary>
    sealed class HeldForm : HttpContent
    {
        readonly byte[] bytes;
        readonly CountdownEvent started;
        readonly Task release;

        public HeldForm(string form, CountdownEvent started, Task release)
        {
            (bytes, this.started, this.release) = (Encoding.UTF8.GetBytes(form), started, release);
            Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            started.Signal();
            await release;
            await stream.WriteAsync(bytes);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }

    /// <summary>
    /// With no admin token set nothing can sign in, so no try is a wrong token: an IT person trying again after a first
    /// deploy read "Too many wrong tokens" from the eleventh try on, where the page had said the dashboard is off.
    /// </summary>
    [Fact]
    public async Task With_the_admin_api_off_every_sign_in_says_so_and_none_counts_as_a_wrong_token()
    {
        await using var off = new HitBotApp(new() { ["HitBot:Admin:Token"] = "" });
        var browser = new DashboardSignIn(off);

        var answers = new List<(HttpStatusCode Status, string Page)>();
        for (var i = 0; i <= AuthFailureThrottle.MaxFailures; i++)
        {
            var response = await browser.SignInAsync("token-" + i);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(Ct)));
        }

        Assert.All(answers, a => Assert.Contains("The dashboard is off because no admin token is set", a.Page, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.Status));
    }

    [Fact]
    public async Task A_call_without_credentials_is_refused_before_its_body_is_read()
    {
        using var malformed = new StringContent("{ this is not json", Encoding.UTF8, "application/json");

        var response = await app.CreateClient().PostAsync(new Uri("/api/admin/updates", UriKind.Relative), malformed, Ct);

        // Reading the body first would have answered 400 ("not JSON") and told a stranger the route's shape.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(app.Get<UpdateStore>().Page(0, 1000).Updates);
    }

    [Fact]
    public async Task Admin_answers_are_never_cached_or_sniffed_and_https_answers_carry_HSTS()
    {
        var admin = app.CreateAdminClient();
        var plain = await admin.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct);
        var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://hitbot.district.example/") });
        var secure = await https.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);

        Assert.Contains("no-store", plain.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal("nosniff", plain.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains("max-age=", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    /// <summary>A client that sends this wrong bearer token on every call, from the test server's one address.</summary>
    HttpClient Guesser(string token)
    {
        var guesser = app.CreateClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return guesser;
    }

    static Task<HttpResponseMessage> ReadPeopleAsync(HttpClient client) => client.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct);
}
