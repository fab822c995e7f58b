using System.Net;
using System.Net.Http.Headers;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// A bearer call to <c>/api/admin/people</c> that a proxy in front says came from <c>forwardedFor</c> (X-Forwarded-For):
/// how the sign-in throttle's tests play guessers and colleagues behind addresses of their choosing.
/// </summary>
static class ForwardedAdminCall
{
    public static async Task<HttpStatusCode> ReadPeopleAsync(HitBotApp app, string token, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/admin/people", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await app.CreateClient().SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
    }
}
