using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// What a stranger on the internet, with no credential, can make HitBot read: every test runs on a real port (Kestrel), whose
/// body limits and early answers are what the internet meets.
/// </summary>
public sealed class InboundAbuseTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sign_in_form_of_100_KB_is_a_413_naming_the_limit()
    {
        using var app = new HitBotApp();
        app.UseKestrel(0);

        var (status, body) = await AnswerToAnOversizeBodyAsync(app.CreateClient().BaseAddress!, "/login", "application/x-www-form-urlencoded", 100 * 1024, []);

        Assert.Equal("HTTP/1.1 413 Payload Too Large", status);
        Assert.Contains("larger than 16 KB", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_body_over_4_MB_is_a_413_naming_the_limit_and_creates_nothing()
    {
        using var app = new HitBotApp();
        app.UseKestrel(0);
        var admin = app.CreateAdminClient();

        var (status, body) = await AnswerToAnOversizeBodyAsync(admin.BaseAddress!, "/api/admin/updates", "application/json", 5 * 1024 * 1024,
            ["Authorization: Bearer " + HitBotApp.AdminToken]);

        Assert.Equal("HTTP/1.1 413 Payload Too Large", status);
        Assert.Contains("larger than 4 MB", body, StringComparison.Ordinal);
        Assert.Empty(await admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/updates", UriKind.Relative), Ct) ?? []);
    }

    /// <summary>The roster's own 8 MB stays open under the 4 MB every other admin address has: 50,000 people are about 6 MB here.</summary>
    [Fact]
    public async Task A_roster_file_of_50000_people_is_read_whole_and_answered_line_by_line()
    {
        using var app = new HitBotApp();
        app.UseKestrel(0);
        var admin = app.CreateAdminClient();
        var csv = new StringBuilder("name,email,role,site,partner\n");
        for (var i = 0; i < 50_000; i++)
            csv.Append(FormattableString.Invariant($"Tutor number {i} with a long name,tutor.number.{i}@a-long-district-domain.example.org,Tutor (2025),Lincoln Elementary School,City Year\n"));
        Assert.True(csv.Length > 6 * 1024 * 1024, $"the roster is {csv.Length:N0} bytes");

        var response = await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), Ct);

        // Read to the end: every line was judged (the role column is wrong on all of them), none refused for the file's size.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("more bad lines after this one", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    public static TheoryData<string> UnsignedSlackRequests => ["no signature", "signed ten minutes ago"];

    [Theory]
    [MemberData(nameof(UnsignedSlackRequests))]
    public async Task A_Slack_request_without_a_fresh_signature_is_refused_before_its_body_is_sent(string forgery)
    {
        await using var slack = await SlackTestApp.StartAsync(realPort: true);
        string[] headers = forgery == "no signature" ? []
            : [$"X-Slack-Request-Timestamp: {SlackRequests.Timestamp(slack.Now.AddMinutes(-10))}", "X-Slack-Signature: v0=" + new string('0', 64)];

        var status = await StatusLineBeforeTheBodyAsync(slack.Client.BaseAddress!, "/slack/events", headers);

        Assert.Equal("HTTP/1.1 401 Unauthorized", status);
    }

    [Fact]
    public async Task A_signed_Slack_body_over_1_MB_is_a_413_that_says_so()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var body = SlackRequests.DirectMessage("Ev-huge", "U1", new string('x', 1100 * 1024)).ToJsonString();

        var response = await slack.Client.SendAsync(SlackRequests.SignedRequest("/slack/events", body, "application/json", slack.Now), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 1 MB", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    public static TheoryData<string> TokensNotForThisBot => ["no token", "a token for another bot"];

    [Theory]
    [MemberData(nameof(TokensNotForThisBot))]
    public async Task A_Teams_request_without_this_bots_token_is_refused_before_its_body_is_sent(string credential)
    {
        await using var teams = await TeamsTestApp.StartWithAuthAsync(realPort: true);
        string[] headers = credential == "no token" ? []
            : ["Authorization: Bearer " + (teams.Tokens() with { Audience = Guid.NewGuid().ToString() }).Create()];

        var status = await StatusLineBeforeTheBodyAsync(teams.Client.BaseAddress!, "/api/messages", headers);

        Assert.Equal("HTTP/1.1 401 Unauthorized", status);
    }

    /// <summary>
    /// Sends the headers of a body of <paramref name="declaredLength"/> bytes and its first bytes, and reads the whole answer.
    /// HttpClient cannot be used: sending the rest of a body the server has already refused breaks the pipe.
    /// </summary>
    static async Task<(string? Status, string Body)> AnswerToAnOversizeBodyAsync(Uri server, string path, string contentType, int declaredLength, string[] headers)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, Ct);
        var stream = tcp.GetStream();
        await SendHeadAsync(stream, server, path, contentType, declaredLength, headers);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync(Ct);
        int? length = null;
        while (await reader.ReadLineAsync(Ct) is { Length: > 0 } line)
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = Hex(line[15..], System.Globalization.NumberStyles.None);
        if (length is { } whole) return (status, await ReadCharsAsync(reader, whole));
        // Chunked: a hex size line, that many bytes and a line break, until a size of 0 (the answers here are ASCII).
        var body = new StringBuilder();
        while (await reader.ReadLineAsync(Ct) is { } size && Hex(size, System.Globalization.NumberStyles.HexNumber) is > 0 and var chunk)
        {
            body.Append(await ReadCharsAsync(reader, chunk));
            await reader.ReadLineAsync(Ct);
        }
        return (status, body.ToString());
    }

    static int Hex(string number, System.Globalization.NumberStyles style) => int.Parse(number.Trim(), style, System.Globalization.CultureInfo.InvariantCulture);

    static async Task<string> ReadCharsAsync(StreamReader reader, int count)
    {
        var chars = new char[count];
        await reader.ReadBlockAsync(chars, Ct);
        return new string(chars);
    }

    static Task SendHeadAsync(NetworkStream stream, Uri server, string path, string contentType, int declaredLength, string[] headers)
    {
        var head = new StringBuilder(FormattableString.Invariant($"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nContent-Length: {declaredLength}\r\n"));
        foreach (var header in headers) head.Append(header).Append("\r\n");
        head.Append("\r\n{\"type\": \"message\", \"text\": \"");
        return stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), Ct).AsTask();
    }

    /// <summary>
    /// Sends the headers and the first bytes of a body said to be 200 KB, and reads the status line. An answer while the
    /// rest is still owed means HitBot decided without reading the body; a server that reads it waits for bytes that never
    /// come, until Kestrel's minimum data rate (240 bytes a second after 5 s) ends the request with another status.
    /// </summary>
    static async Task<string?> StatusLineBeforeTheBodyAsync(Uri server, string path, string[] headers)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, Ct);
        var stream = tcp.GetStream();
        await SendHeadAsync(stream, server, path, "application/json", 200 * 1024, headers);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(Ct);
    }
}
