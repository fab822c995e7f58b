using System.Net.Http.Json;
using System.Net;
using System.Text.RegularExpressions;
using HitBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HitBot.Tests.Dashboard;

/// <summary>A browser-like HTTP client for the dashboard: keeps cookies, does not follow redirects, signs in through the form.</summary>
sealed partial class DashboardSignIn(HitBotApp app)
{
    public HttpClient Client { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    /// <summary>The CSRF token the pages get from <c>/dashboard/session</c> (empty before sign-in).</summary>
    public string Csrf { get; private set; } = "";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<HttpResponseMessage> SignInAsync(string token)
    {
        var form = await Client.GetStringAsync(new Uri("/login", UriKind.Relative), Ct);
        var field = CsrfField().Match(form).Groups[1].Value;
        using var body = new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = WebUtility.HtmlDecode(field), ["token"] = token });
        var response = await Client.PostAsync(new Uri("/login", UriKind.Relative), body, Ct);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var session = await Client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(new Uri("/dashboard/session", UriKind.Relative), Ct);
            Csrf = (string)session!["csrf"]!;
        }
        return response;
    }

    /// <summary>A request as the dashboard's pages send it: cookie always, CSRF header only when asked.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? json = null, bool withCsrf = true)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null) request.Content = JsonContent.Create(json);
        if (withCsrf) request.Headers.Add("X-CSRF-TOKEN", Csrf);
        return Client.SendAsync(request, Ct);
    }

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
