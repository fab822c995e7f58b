using System.Net;
using System.Net.Http.Headers;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A guess as long as the admin token and wrong in one character opens nothing: the other tests' wrong tokens all had
/// another length, so a comparison that looked at the length alone (or stopped early) would have passed them.
/// </summary>
public sealed class NearMissTokenTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    readonly HitBotApp app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    static string OneCharacterOff(string token) => token[..^1] + (token[^1] == '0' ? '1' : '0');

    [Fact]
    public async Task A_token_one_character_off_the_admin_token_is_refused_by_the_api_and_the_sign_in_form()
    {
        var guess = OneCharacterOff(HitBotApp.AdminToken);
        var guesser = app.CreateClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", guess);

        var people = await guesser.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct);
        var signIn = await new DashboardSignIn(app).SignInAsync(guess);

        Assert.Equal(HttpStatusCode.Unauthorized, people.StatusCode);
        Assert.DoesNotContain("@", await people.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Contains("That token did not work", await signIn.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
