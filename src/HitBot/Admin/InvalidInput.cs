using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Admin;

/// <summary>
/// The admin API's one shape for bad input: 400, a <c>title</c> that says what happened, and
/// <c>errors: { field: [message] }</c> (RFC 9457 validation problem). Each message reads on its own ("title: give the
/// update a title.", "Line 3: …"), so a client may list them without the keys. Nothing was changed when it is sent.
/// </summary>
public static partial class InvalidInput
{
    /// <summary>One thing wrong with one field: the title is the message itself, for clients that show only the title.</summary>
    public static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: message);

    /// <summary>One message written "field: what to fix", filed under that field.</summary>
    public static ValidationProblem Message(string message) => Field(FieldOf(message), message);

    /// <summary>Messages written "field: what to fix", grouped by field, under <paramref name="title"/>.</summary>
    public static ValidationProblem Fields(string title, IEnumerable<string> problems) =>
        TypedResults.ValidationProblem(problems.GroupBy(FieldOf).ToDictionary(g => g.Key, g => g.ToArray()), title: title);

    /// <summary>A file's problems by line ("line 3": ["Line 3: …"]), under <paramref name="title"/>.</summary>
    public static ValidationProblem Lines(string title, IEnumerable<(int Line, string Message)> errors) =>
        TypedResults.ValidationProblem(errors.GroupBy(e => e.Line)
            .ToDictionary(g => $"line {g.Key}", g => g.Select(e => $"Line {e.Line}: {e.Message}").ToArray()), title: title);

    /// <summary>The field a message names before its first colon ("links[0].url: …" is links[0].url), or "" when it names none.</summary>
    public static string FieldOf(string message) => FieldPrefix().Match(message) is { Success: true } m ? m.Groups[1].Value : "";

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9_.\[\]]*): ")]
    private static partial Regex FieldPrefix();
}
