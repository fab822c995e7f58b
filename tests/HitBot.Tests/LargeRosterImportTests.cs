using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Cli;
using HitBot.Core.Directory;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A district's roster file of many thousand lines: a mistake down a whole column is answered with the lines to fix,
/// not thousands of them, and the command line refuses a file no roster could be before reading it.
/// </summary>
public sealed class LargeRosterImportTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => app.Dispose();

    /// <summary>3,000 tutors whose role column says "Tutor (2025)", and ten written right.</summary>
    static string RosterWithARoleColumnWrong()
    {
        var csv = new StringBuilder("name,email,role,site\n");
        for (var i = 0; i < 10; i++) csv.Append(FormattableString.Invariant($"Good {i},good{i}@example.org,tutor,Lincoln\n"));
        for (var i = 0; i < 3000; i++) csv.Append(FormattableString.Invariant($"Tutor {i},t{i}@example.org,Tutor (2025),Lincoln\n"));
        return csv.ToString();
    }

    [Fact]
    public async Task A_file_with_thousands_of_bad_lines_lists_the_first_hundred_and_says_how_many_more()
    {
        var client = app.CreateAdminClient();

        var answer = await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            new StringContent(RosterWithARoleColumnWrong(), Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var body = await answer.Content.ReadAsStringAsync(Ct);
        Assert.True(body.Length < 200_000, $"the answer is {body.Length:N0} characters");
        var errors = JsonNode.Parse(body)!["errors"]!.AsObject();
        Assert.Equal(101, errors.Count);
        Assert.StartsWith("Line 12: 'Tutor (2025)' is not a role", (string)errors["line 12"]![0]!, StringComparison.Ordinal);
        Assert.Contains("And 2,899 more bad lines after this one", (string)errors["line 112"]![0]!, StringComparison.Ordinal);
        Assert.Equal(0, app.Get<DirectoryStore>().Count());
    }

    [Fact]
    public async Task Skipping_thousands_of_bad_lines_counts_them_all_and_lists_the_first_hundred()
    {
        var client = app.CreateAdminClient();

        var answer = await client.PostAsync(new Uri("/api/admin/people/import?skipInvalid=true", UriKind.Relative),
            new StringContent(RosterWithARoleColumnWrong(), Encoding.UTF8, "text/csv"), Ct);

        var result = (await answer.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(10, (int)result["created"]!);
        Assert.Equal(3000, (int)result["skipped"]!);
        Assert.Equal(101, result["errors"]!.AsArray().Count);
    }

    [Fact]
    public void A_file_over_the_row_limit_says_so_even_among_many_bad_lines()
    {
        var csv = new StringBuilder("name,email,role\n");
        for (var i = 0; i < RosterImport.MaxRows + 5; i++)
            csv.Append(FormattableString.Invariant($"T{i},t{i}@example.org,{(i % 100 == 0 ? "astronaut" : "tutor")}\n"));

        var result = app.Get<RosterImport>().Import(new StringReader(csv.ToString()), skipInvalid: false);

        Assert.False(result.Imported);
        Assert.Contains(result.Errors, e => e.Message.Contains("at most 50,000 people", StringComparison.Ordinal));
        Assert.True(result.Errors.Count <= 101);
    }

    [Fact]
    public async Task The_command_line_refuses_a_file_far_larger_than_any_roster_without_reading_it()
    {
        var file = Path.Combine(app.Folder, "export.csv");
        await using (var big = File.Create(file))
        {
            await big.WriteAsync("name,email,role\n"u8.ToArray(), Ct);
            big.SetLength(64L * 1024 * 1024 + 1);
        }
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["import-roster", file])!.RunAsync(app.Services, output, output, Ct);

        Assert.Equal(1, exit);
        Assert.Contains("Check it is the roster, or split it. Nothing was imported.", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, app.Get<DirectoryStore>().Count());
    }

    [Fact]
    public async Task The_command_line_prints_the_first_hundred_bad_lines_of_a_large_file_and_how_many_more()
    {
        var file = Path.Combine(app.Folder, "roster.csv");
        await File.WriteAllTextAsync(file, RosterWithARoleColumnWrong(), Ct);
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["import-roster", file])!.RunAsync(app.Services, output, output, Ct);

        Assert.Equal(1, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(102, lines.Length);
        Assert.Contains("more bad lines after this one", lines[^2], StringComparison.Ordinal);
    }
}
