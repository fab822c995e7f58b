namespace HitBot.Hosting;

/// <summary>
/// Titles a person can act on for the statuses ASP.NET Core answers by itself, before any endpoint runs: its own were the
/// bare reason phrase ("Unsupported Media Type") for a form or text body sent to a JSON endpoint, a wrong method, or an admin address that does not exist.
/// A title an endpoint chose itself (Teams' 415) is kept.
/// </summary>
public static class StatusTitles
{
    public static void Fill(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        problem.Title = (problem.Status, problem.Title) switch
        {
            (StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type") => NotJson(request),
            // A mistyped address ("action-item") was a bare "Not Found", which a script writer could take for a missing id.
            (StatusCodes.Status404NotFound, "Not Found") when request.Path.StartsWithSegments("/api/admin") && context.HttpContext.GetEndpoint() is null =>
                $"The admin API has no address {request.Path}: the README's Admin API reference lists them all.",
            // A JSON body over its address's limit: the binder answers 413 by itself, with the bare reason phrase.
            (StatusCodes.Status413PayloadTooLarge, "Payload Too Large" or "Content Too Large") => TooLarge(context.HttpContext),
            (StatusCodes.Status405MethodNotAllowed, "Method Not Allowed") =>
                $"{request.Path} does not take {request.Method}: the README's Admin API reference lists what each address takes. Nothing was changed.",
            _ => problem.Title,
        };
    }

    /// <summary>The 415 of a JSON address sent a body of another type, or one with no Content-Type at all.</summary>
    public static string NotJson(HttpRequest request) =>
        $"This address takes a JSON body: send it with the header Content-Type: application/json ({(string.IsNullOrEmpty(request.ContentType) ? "this request had none" : "not " + request.ContentType.Split(';')[0])}). Nothing was changed.";

    /// <summary>A body over its address's limit (<see cref="BodyLimits"/>): the limit, so a script's author knows what fits.</summary>
    public static string TooLarge(HttpContext http)
    {
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is not { } max)
            return "The request is too large. Nothing was changed.";
        var size = max >= 1024 * 1024
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{max / 1024.0 / 1024.0:0.#} MB")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{max / 1024} KB");
        return $"The request body is larger than {size}, the most this address takes. Nothing was changed.";
    }
}
