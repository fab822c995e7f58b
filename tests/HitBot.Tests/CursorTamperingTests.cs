using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// The <c>after=</c> cursors of the long lists are opaque to the caller but not secret: anyone can decode and re-encode
/// one. A forged or edited cursor is only a place in the list asked for: it never opens another list, an anonymous run's
/// non-responders, or a list the caller's role does not open, and its refusal names no one.
/// </summary>
public sealed class CursorTamperingTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => app.Dispose();

    HttpClient Admin => app.CreateAdminClient();

    /// <summary>A closed run sent to three tutors, none of whom answered.</summary>
    /// <remarks>
    /// Its invitations are written sent, as the run left them: queued and long due, they were the dispatcher's to try while
    /// the test read the lists, and each one it got to was given up (this app has no chat to send them to), so a tutor was
    /// listed as never reached or not, by the race.
    /// </remarks>
    SurveyRun Run(bool anonymous)
    {
        var closesAt = app.Time.GetUtcNow().UtcDateTime.AddDays(-1);
        var run = new SurveyRun
        {
            Id = "run-" + Guid.NewGuid().ToString("N")[..8], SurveyId = "pulse", Title = "Tutor retention pulse", Anonymous = anonymous,
            Questions = RetentionPulse.Create("pulse", closesAt).Questions, Audience = new Audience { Roles = [Roles.Tutor] },
            OpensAt = closesAt.AddDays(-7), ClosesAt = closesAt, Status = RunStatus.Closed,
        };
        app.Get<SurveyStore>().Save(run);
        foreach (var (id, name) in new[] { ("p-eve", "Eve Stone"), ("p-ben", "Ben Cole"), ("p-dan", "Dan Webb") })
        {
            app.Get<DirectoryStore>().Save(new Person { Id = id, Name = name, Email = id + "@example.org", Roles = [Roles.Tutor], Site = "lincoln" });
            app.Get<OutboxStore>().TryEnqueue(Delivery.Send($"{run.Campaign}:{id}", run.Campaign, id,
                new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id }, Message.Text("survey"), run.OpensAt)
                with { State = DeliveryState.Sent, DueAt = Delivery.NotDue, SentAt = run.OpensAt });
        }
        return run;
    }

    [Fact]
    public async Task A_forged_cursor_on_an_anonymous_runs_non_responders_gives_the_counts_and_no_one()
    {
        var run = Run(anonymous: true);
        var forged = CursorToken.Of("", "", "a");

        var page = await Admin.GetAsync(new Uri($"/api/admin/survey-runs/{run.Id}/non-responders?after={forged}&limit=1", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var body = (await page.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal((3, false), ((int)body["notAnswered"]!, body.ContainsKey("people")));
        Assert.False(page.Headers.Contains("Link"));
        Assert.DoesNotContain("Eve", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cursor_of_another_list_or_an_edited_one_is_a_400_that_names_no_one()
    {
        var run = Run(anonymous: false);
        var first = await Admin.GetAsync(new Uri($"/api/admin/survey-runs/{run.Id}/non-responders?limit=1", UriKind.Relative), Ct);
        var link = first.Headers.GetValues("Link").Single();
        var nonResponderCursor = Uri.UnescapeDataString(link.Split("after=")[1].Split('&')[0]);
        var peopleCursor = new PeopleCursor("Ben Cole", "p-ben").Token;

        var asked = new[]
        {
            $"/api/admin/people?after={Uri.EscapeDataString(nonResponderCursor)}",
            $"/api/admin/survey-runs/{run.Id}/non-responders?after={Uri.EscapeDataString(peopleCursor)}",
            $"/api/admin/people?after={Uri.EscapeDataString(peopleCursor[..^2])}",
            $"/api/admin/people?after={Uri.EscapeDataString(peopleCursor)}&offset=0",
        };
        foreach (var address in asked)
        {
            var answer = await Admin.GetAsync(new Uri(address, UriKind.Relative), Ct);
            var text = await answer.Content.ReadAsStringAsync(Ct);
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{address}: {answer.StatusCode} {text}");
            Assert.Contains("after", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Ben", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Eve", text, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A roster cell typed on two lines (Alt+Enter in a spreadsheet) is a name with a line break in it. The cursor kept the
    /// parts of a place apart with line breaks, so a page that ended on that person linked to a next page HitBot refused
    /// as "not a place in this list": nobody after them could be read, in the people list or in who has not answered.
    /// </summary>
    [Fact]
    public async Task A_page_that_ends_on_a_name_typed_on_two_lines_links_to_the_next_page()
    {
        var run = Run(anonymous: false);
        var directory = app.Get<DirectoryStore>();
        directory.Change("p-ben", p => p with { Name = "Ben\nCole" });
        directory.Change("p-dan", p => p with { Name = @"Dan \ Webb" });

        foreach (var list in new[] { "/api/admin/people?limit=1", $"/api/admin/survey-runs/{run.Id}/non-responders?limit=1" })
        {
            var names = new List<string>();
            Uri? next = new(list, UriKind.Relative);
            while (next is not null)
            {
                var page = await Admin.GetAsync(next, Ct);
                Assert.True(page.IsSuccessStatusCode, $"{next}: {page.StatusCode} {await page.Content.ReadAsStringAsync(Ct)}");
                var body = (await page.Content.ReadFromJsonAsync<JsonNode>(Ct))!;
                names.AddRange((body is JsonArray people ? people : body["people"]!.AsArray()).Select(p => (string)p!["name"]!));
                next = page.Headers.TryGetValues("Link", out var links) && links.Single() is var link
                    ? new Uri(link[1..link.IndexOf('>', StringComparison.Ordinal)], UriKind.Relative) : null;
            }
            Assert.Equal(["Ben\nCole", @"Dan \ Webb", "Eve Stone"], names);
        }
    }

    [Fact]
    public async Task A_site_champion_or_partner_lead_with_a_cursor_reads_neither_the_people_list_nor_who_did_not_answer()
    {
        var run = Run(anonymous: false);
        var directory = app.Get<DirectoryStore>();
        directory.Save(new Person { Id = "p-cara", Name = "Cara Diaz", Email = "cara@example.org", Roles = [Roles.SiteChampion], Site = "lincoln" });
        directory.Save(new Person { Id = "p-pia", Name = "Pia Chen", Email = "pia@example.org", Roles = [Roles.PartnerLead], Partner = "citytutors" });
        var cursor = Uri.EscapeDataString(new PeopleCursor("Ben Cole", "p-ben").Token);

        foreach (var holder in new[] { "p-cara", "p-pia" })
        {
            var issued = await Admin.PostAsync(new Uri($"/api/admin/people/{holder}/api-token", UriKind.Relative), null, Ct);
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", (string?)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]);
            foreach (var address in new[] { $"/api/admin/people?after={cursor}", $"/api/admin/survey-runs/{run.Id}/non-responders?after={cursor}" })
            {
                var answer = await client.GetAsync(new Uri(address, UriKind.Relative), Ct);
                Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
                Assert.DoesNotContain("Dan", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }
    }
}
