using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Slack.Tests;

public sealed class SlackRequestVerifierTests
{
    const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fhitbot&text=my+items";
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    SlackRequestVerifier Verifier(string secret = Secret) =>
        new(Options.Create(new SlackOptions { SigningSecret = secret, BotToken = "xoxb-test" }), time);

    string Now => time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string Sign(string timestamp, string body, string secret = Secret, string version = "v0") =>
        version + "=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    [Fact]
    public void A_correctly_signed_fresh_request_is_accepted()
    {
        var ts = Now;

        Assert.True(Verifier().IsValid(ts, Sign(ts, Body), Body));
    }

    [Fact]
    public void A_request_with_one_byte_of_its_body_changed_is_refused()
    {
        var ts = Now;
        var signature = Sign(ts, Body);
        var tampered = Encoding.UTF8.GetBytes(Body);
        tampered[^1] ^= 0x01;

        Assert.False(Verifier().IsValid(ts, signature, tampered));
    }

    [Fact]
    public void A_request_signed_with_another_secret_is_refused()
    {
        var ts = Now;

        Assert.False(Verifier().IsValid(ts, Sign(ts, Body, secret: "not-the-signing-secret-at-all-00"), Body));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_request_more_than_five_minutes_from_our_clock_either_way_is_refused(int offsetSeconds)
    {
        var ts = (time.GetUtcNow().ToUnixTimeSeconds() + offsetSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.False(Verifier().IsValid(ts, Sign(ts, Body), Body));
    }

    [Fact]
    public void A_request_signed_exactly_five_minutes_ago_is_still_accepted()
    {
        var ts = Now;
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(Verifier().IsValid(ts, Sign(ts, Body), Body));
    }

    [Fact]
    public void A_signature_claiming_another_version_is_refused_even_with_the_right_mac()
    {
        var ts = Now;

        Assert.False(Verifier().IsValid(ts, Sign(ts, Body, version: "v1"), Body));
    }

    [Theory]
    [InlineData(null, "sign")]
    [InlineData("now", null)]
    [InlineData("", "sign")]
    [InlineData("now", "")]
    [InlineData(null, null)]
    public void A_request_missing_a_slack_header_is_refused(string? timestamp, string? signature)
    {
        var ts = Now;
        timestamp = timestamp == "now" ? ts : timestamp;
        signature = signature == "sign" ? Sign(ts, Body) : signature;

        Assert.False(Verifier().IsValid(timestamp, signature, Body));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("+{0}")]
    [InlineData(" {0}")]
    [InlineData("{0}.5")]
    [InlineData("99999999999999999999999")]
    public void A_timestamp_that_is_not_plain_digits_is_refused_even_when_signed(string format)
    {
        var ts = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, Now);

        Assert.False(Verifier().IsValid(ts, Sign(ts, Body), Body));
    }

    [Fact]
    public void An_empty_signing_secret_accepts_nothing_not_even_a_request_signed_with_it()
    {
        var ts = Now;

        Assert.False(Verifier(secret: "").IsValid(ts, Sign(ts, Body, secret: ""), Body));
    }

    [Fact]
    public void A_body_with_non_ascii_text_is_checked_on_its_utf8_bytes()
    {
        var ts = Now;
        const string body = """{"type":"event_callback","event":{"text":"¡Hola, señora Núñez! 👋"}}""";

        Assert.True(Verifier().IsValid(ts, Sign(ts, body), Encoding.UTF8.GetBytes(body)));
    }
}
