using System.Text.Encodings.Web;

namespace HitBot.Dashboard;

/// <summary>The sign-in form: the admin token (or a personal token) and the CSRF field, nothing else.</summary>
static class LoginPage
{
    public const string WrongToken = "That token did not work. Check it and try again.";
    public const string Expired = "The sign-in form was out of date. Please try again.";
    public static string TooManyTries(int seconds) => $"Too many wrong tokens from this address. Wait {seconds} seconds and try again.";
    public const string AdminApiOff = "The dashboard is off because no admin token is set. Set HitBot:Admin:Token and restart HitBot.";

    public static IResult Render(string csrf, string? message, int status)
    {
        var html = HtmlEncoder.Default;
        var alert = message is null ? "" : $"""<p class="alert" role="alert" id="sign-in-problem">{html.Encode(message)}</p>""";
        // The message is tied to the field it is about, and a wrong token marks the field, for a screen reader on the form.
        var described = message is null ? "" : " aria-describedby=\"sign-in-problem\"" + (message == WrongToken ? " aria-invalid=\"true\"" : "");
        return Results.Content($$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign in · HitBot</title>
              <link rel="stylesheet" href="/assets/app.css">
              <script src="/assets/login.js" defer></script>
            </head>
            <body class="login">
              <main>
                <h1>HitBot</h1>
                <p>The central team's dashboard: weekly updates, surveys, the action plan and feedback.</p>
                {{alert}}
                <form method="post" action="/login">
                  <input type="hidden" name="{{DashboardEndpoints.CsrfField}}" value="{{html.Encode(csrf)}}">
                  <label for="token">Admin token or your personal token</label>
                  <input id="token" name="token" type="password" autocomplete="current-password" required autofocus{{described}}>
                  <button type="submit">Sign in</button>
                </form>
              </main>
            </body>
            </html>
            """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }
}
