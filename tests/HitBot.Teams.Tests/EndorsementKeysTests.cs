using System.Globalization;
using HitBot.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Protocols;

namespace HitBot.Teams.Tests;

/// <summary>
/// The Bot Framework key set is kept for a day, but only for the <c>jwks_uri</c> it was read from. When Microsoft's OpenID
/// metadata moves the key set to a new address (it did so when the Bot Framework moved its keys), the keys come from
/// the new address at once: a key that only the old set held would otherwise still sign accepted tokens for up to a day.
/// Tested on the cache itself: through <see cref="BotFrameworkAuth"/> a new <c>jwks_uri</c> arrives only when
/// IdentityModel refreshes the metadata, which it does on the real clock, a day later.
/// </summary>
public sealed class EndorsementKeysTests : IAsyncDisposable
{
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2031-05-06T07:08:09Z", CultureInfo.InvariantCulture));
    readonly TestOpenIdServer before = TestOpenIdServer.Start();
    readonly TestOpenIdServer after = TestOpenIdServer.Start();
    readonly HttpClient http = new();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_the_metadata_names_a_new_key_set_address_the_keys_are_read_from_it_at_once_and_a_key_only_the_old_one_had_is_no_longer_known()
    {
        before.AddKey("retired", "msteams");
        using var keys = new EndorsementKeys(new HttpDocumentRetriever(http) { RequireHttps = false }, time, NullLogger.Instance);
        var old = await keys.GetAsync(before.BaseUrl + TestOpenIdServer.KeysPath, Ct);
        Assert.True(old?.Endorses("retired", "msteams"));

        time.Advance(TimeSpan.FromMinutes(1));
        var moved = await keys.GetAsync(after.BaseUrl + TestOpenIdServer.KeysPath, Ct);

        Assert.Equal(1, after.KeysFetches);
        Assert.NotNull(moved);
        Assert.False(moved.Knows("retired"));
        Assert.True(moved.Endorses("test-1", "msteams"));
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await before.DisposeAsync();
        await after.DisposeAsync();
    }
}
