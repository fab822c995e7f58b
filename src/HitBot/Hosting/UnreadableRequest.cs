using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace HitBot.Hosting;

/// <summary>
/// A request the admin API could not read (a body that is not JSON, a field of the wrong kind, a query value that is not a
/// number) gets the same 400 as every other refusal: a title that names the field and says what it must be, and the
/// message filed under that field in <c>errors</c> (README, "When the admin API says no"). ASP.NET Core's own answer was a
/// bare "Bad Request". Nothing was changed: the request stopped before its endpoint ran.
/// </summary>
public sealed partial class UnreadableRequest(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // Antiforgery reads the sign-in form first and wraps what Kestrel threw (a form over its limit): a 500 without this.
        if ((exception as BadHttpRequestException ?? exception.InnerException as BadHttpRequestException) is not { } bad) return false;
        httpContext.Response.StatusCode = bad.StatusCode;
        // Thrown now rather than answered by ASP.NET Core itself, a body over Kestrel's limit must keep its 413 (not a 500).
        if (bad.StatusCode != StatusCodes.Status400BadRequest)
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new()
                {
                    // A JSON body sent with no Content-Type at all passes routing's check and is refused here, where ASP.NET
                    // Core's words were "Expected a supported JSON media type but got """: the same title as a text body's.
                    Title = bad.StatusCode switch
                    {
                        StatusCodes.Status413PayloadTooLarge => StatusTitles.TooLarge(httpContext),
                        StatusCodes.Status415UnsupportedMediaType => StatusTitles.NotJson(httpContext.Request),
                        _ => bad.Message,
                    },
                    Status = bad.StatusCode,
                },
            });
        var (field, message) = Explain(bad);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Title = message, Status = StatusCodes.Status400BadRequest,
            },
        });
    }

    /// <summary>The field a person would look at, and what to do about it.</summary>
    internal static (string Field, string Message) Explain(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            // A field the change does not take (a typo, or one only another address takes) was a 200 with it left out.
            if (NotMapped().Match(json.Message) is { Success: true } unmapped)
                return Unmapped(unmapped.Groups["name"].Value, Named(unmapped.Groups["type"].Value), json.Path);
            if (ConvertedTo().Match(json.Message) is not { Success: true } converted)
                return ("body", $"The request body is not valid JSON (line {json.LineNumber + 1}, character {json.BytePositionInLine + 1}): check the quotes, commas and brackets there.");
            if (json.Path is not { Length: > 2 } path || !path.StartsWith("$.", StringComparison.Ordinal))
                return ("body", "The request body must be one JSON object, { … }, with the fields the README lists.");
            var field = path[2..];
            // A "\ud83d" with no second half: System.Text.Json refuses it as a string, so "must be text in quotes" misled.
            if (json.InnerException is InvalidOperationException { Message: var inner } && inner.Contains("UTF-16", StringComparison.Ordinal))
                return (field, $"{field}: has a broken character in it (half of an emoji or symbol, as a copy and paste can leave): type that part again.");
            // The type named is the field's own when its converter failed (a list, a date), else the object holding it.
            var named = converted.Groups["type"].Value;
            return (field, $"{field}: must be {Expected(TypeAt(named, field) ?? Named(named))}.");
        }
        if (BindFailed().Match(bad.Message) is { Success: true } bind)
        {
            var name = bind.Groups["name"].Value;
            return (name, $"{name}: must be {Expected(KeywordType(bind.Groups["type"].Value))}, not '{bind.Groups["value"].Value}'.");
        }
        if (bad.Message.Contains("no body was provided", StringComparison.Ordinal))
            return ("body", "The request needs a JSON body (Content-Type: application/json).");
        return ("body", "The request could not be read: " + bad.Message);
    }

    /// <summary>
    /// A field nobody reads: named by where it is (<c>audience.role</c> inside an object), with the fields that object takes
    /// as the serializer names them, so the fix is in the message.
    /// </summary>
    static (string Field, string Message) Unmapped(string name, Type? type, string? path)
    {
        var takes = type is null ? [] : JsonSerializerOptions.Web.GetTypeInfo(type).Properties
            .Where(p => p.Set is not null || p.AssociatedParameter is not null).Select(p => p.Name).ToList();
        // The path ends at the object holding the field ("$.audience"), or at the field itself on some readers.
        var at = path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : "";
        if (at == name || at.EndsWith("." + name, StringComparison.Ordinal)) at = at[..Math.Max(0, at.Length - name.Length - 1)];
        var field = at.Length == 0 ? name : $"{at}.{name}";
        var where = at.Length == 0 ? "this address does not take it" : $"{at} does not take it";
        return (field, $"{field}: {where}; it takes {string.Join(", ", takes)}. Nothing was changed.");
    }

    /// <summary>The type of the field at <paramref name="path"/> (<c>links[0].url</c>) inside the type named <paramref name="typeName"/>.</summary>
    static Type? TypeAt(string typeName, string path)
    {
        var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var property = type?.GetProperty(bracket < 0 ? segment : segment[..bracket], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            type = property?.PropertyType;
            if (bracket >= 0) type = type is null ? null : ElementOf(type);
        }
        return type;
    }

    static Type? Named(string typeName) =>
        typeName.StartsWith("System.Collections.Generic.", StringComparison.Ordinal) || typeName.EndsWith("[]", StringComparison.Ordinal)
            ? typeof(List<object>)
            : Type.GetType(typeName) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);

    static Type? ElementOf(Type list) =>
        list.IsArray ? list.GetElementType() : list.IsGenericType ? list.GetGenericArguments()[^1] : null;

    /// <summary>The type as ASP.NET Core names it in its message: <c>int?</c>, <c>Nullable&lt;int&gt;</c>, <c>DateOnly</c>.</summary>
    static Type? KeywordType(string keyword) => NullableKeyword().Replace(keyword, "$1").TrimEnd('?') switch
    {
        "int" => typeof(int), "long" => typeof(long), "bool" => typeof(bool), "double" => typeof(double), "decimal" => typeof(decimal),
        "DateOnly" => typeof(DateOnly), "DateTime" => typeof(DateTime), "DateTimeOffset" => typeof(DateTimeOffset),
        _ => null,
    };

    /// <summary>What a value of this type looks like, in the words of someone writing JSON by hand.</summary>
    static string Expected(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type is null) return "a value of the kind the README gives for it";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"\"{n}\""));
        if (type == typeof(DateOnly)) return "a date such as \"2026-03-27\"";
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return "a date and time such as \"2026-03-27T17:00:00-05:00\"";
        if (type == typeof(TimeOnly)) return "a time such as \"17:00\"";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(double) || type == typeof(decimal)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(string)) return "text in quotes";
        if (type != typeof(string) && ElementOf(type) is not null && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) return "a list in [ ]";
        return "an object in { }";
    }

    [GeneratedRegex(@"^The JSON property '(?<name>[^']*)' could not be mapped to any \.NET member contained in type '(?<type>[^']+)'")]
    private static partial Regex NotMapped();

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\. Path:")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("^Nullable<(.+)>$")]
    private static partial Regex NullableKeyword();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^ ]+) (?<name>[^\"]+)\" from \"(?<value>[^\"]*)\"")]
    private static partial Regex BindFailed();
}
