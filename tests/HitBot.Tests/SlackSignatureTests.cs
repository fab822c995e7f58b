using System.Net;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests;

public sealed class SlackSignatureTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Forgeries => ["wrong secret", "stale", "future", "replayed with a new timestamp", "missing signature", "missing timestamp", "v1 signature", "one byte changed"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_request_slack_did_not_sign_just_now_is_refused_and_nothing_is_stored(string forgery)
    {
        await using var slack = await SlackTestApp.StartAsync();
        var body = SlackRequests.DirectMessage("Ev-forged", "U1", "help").ToJsonString();
        var now = slack.Now;
        var ts = SlackRequests.Timestamp(now);
        var request = forgery switch
        {
            "wrong secret" => SlackRequests.SignedRequest("/slack/events", body, "application/json", now, secret: "not-the-secret-at-all-000000000"),
            "stale" => SlackRequests.SignedRequest("/slack/events", body, "application/json", now.AddSeconds(-301)),
            "future" => SlackRequests.SignedRequest("/slack/events", body, "application/json", now.AddSeconds(301)),
            "replayed with a new timestamp" => SlackRequests.WithHeaders("/slack/events", body, "application/json", ts,
                SlackRequests.Sign(SlackRequests.Secret, SlackRequests.Timestamp(now.AddSeconds(-400)), body)),
            "missing signature" => SlackRequests.WithHeaders("/slack/events", body, "application/json", ts, null),
            "missing timestamp" => SlackRequests.WithHeaders("/slack/events", body, "application/json", null, SlackRequests.Sign(SlackRequests.Secret, ts, body)),
            "v1 signature" => SlackRequests.WithHeaders("/slack/events", body, "application/json", ts,
                "v1=" + SlackRequests.Sign(SlackRequests.Secret, ts, body)[3..]),
            "one byte changed" => SlackRequests.WithHeaders("/slack/events", body.Replace("help", "hel!", StringComparison.Ordinal), "application/json", ts,
                SlackRequests.Sign(SlackRequests.Secret, ts, body)),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        var response = await slack.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(slack.App.Get<InboundStore>().TryRecord("slack", "Ev-forged"), "the forged event id must not have been stored");
        Assert.Empty(slack.App.Get<OutboxStore>().ForCampaign("reply"));
    }

    /// <summary>
    /// The IT person pasted the Client Secret, or the server's clock is off: Slack's page only says the URL did not answer
    /// its challenge, so HitBot's log has to say which setting (or clock) to look at.
    /// </summary>
    [Fact]
    public async Task A_refused_signature_is_logged_with_what_to_check()
    {
        var log = new StartupLogTests.StartupLines(typeof(Slack.SlackRequestHandler).FullName);
        await using var slack = await SlackTestApp.StartAsync(services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log));
        var body = new JsonObject { ["token"] = "legacy", ["challenge"] = "3eZbrw1aB", ["type"] = "url_verification" }.ToJsonString();

        var wrongSecret = await slack.Client.SendAsync(
            SlackRequests.SignedRequest("/slack/events", body, "application/json", slack.Now, secret: "the-client-secret-not-the-signing"), Ct);
        var clockOff = await slack.Client.SendAsync(SlackRequests.SignedRequest("/slack/events", body, "application/json", slack.Now.AddMinutes(-9)), Ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrongSecret.StatusCode, clockOff.StatusCode));
        Assert.Contains(log.Lines, line => line.Contains("does not match HitBot:Slack:SigningSecret", StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains("more than 5 minutes from this machine's clock", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.Contains(SlackRequests.Secret, StringComparison.Ordinal));
    }

    /// <summary>Anyone who finds the address can send unsigned requests: a line for each let a stranger fill the log.</summary>
    [Fact]
    public async Task A_flood_of_unsigned_requests_writes_one_line_a_minute_and_then_says_how_many_it_left_out()
    {
        var log = new StartupLogTests.StartupLines(typeof(Slack.SlackRequestHandler).FullName);
        await using var slack = await SlackTestApp.StartAsync(services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log));
        var body = SlackRequests.DirectMessage("Ev-flood", "U1", "help").ToJsonString();
        async Task<HttpStatusCode> ForgedAsync() => (await slack.Client.SendAsync(
            SlackRequests.SignedRequest("/slack/events", body, "application/json", slack.Now, secret: "a-stranger-s-guess-000000000000"), Ct)).StatusCode;

        var refused = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++) refused.Add(await ForgedAsync());
        var linesInTheFirstMinute = log.Lines.Count(line => line.Contains("does not match HitBot:Slack:SigningSecret", StringComparison.Ordinal));
        slack.App.Time.Advance(TimeSpan.FromSeconds(61));
        refused.Add(await ForgedAsync());

        Assert.All(refused, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(1, linesInTheFirstMinute);
        Assert.Equal(2, log.Lines.Count(line => line.Contains("does not match HitBot:Slack:SigningSecret", StringComparison.Ordinal)));
        Assert.Contains(log.Lines, line => line.StartsWith("39 more Slack requests were refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_interaction_form_whose_payload_is_not_json_is_refused_as_not_understood()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var request = SlackRequests.SignedRequest("/slack/interactions", "payload=%7B%22type%22%3A%22block_act", "application/x-www-form-urlencoded", slack.Now);

        var response = await slack.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(slack.App.Get<OutboxStore>().ForCampaign("card-update"));
    }

    [Fact]
    public async Task A_correctly_signed_url_verification_is_answered_with_its_challenge()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var envelope = new JsonObject { ["token"] = "x", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["type"] = "url_verification" };

        var response = await slack.Client.SendAsync(SlackRequests.Event(envelope, slack.Now), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Slacks_unsigned_ssl_check_is_answered_with_ok()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var request = SlackRequests.WithHeaders("/slack/commands", "ssl_check=1&token=legacy", "application/x-www-form-urlencoded", null, null);

        var response = await slack.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unsigned_command_without_ssl_check_is_refused()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var request = SlackRequests.WithHeaders("/slack/commands", "command=%2Fhitbot&text=help&user_id=U1", "application/x-www-form-urlencoded", null, null);

        var response = await slack.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
