using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Who has not answered a run, a page at a time (a run of a whole large program can leave tens of thousands), with the
/// counts on every page and the counts alone for <c>limit=0</c>.
/// </summary>
public sealed class NonResponderPageTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => app.Dispose();

    HttpClient Admin => app.CreateAdminClient();

    /// <summary>A closed named run sent to five tutors at two sites, one of whom answered.</summary>
    string FiveInvitedOneAnswered()
    {
        var surveys = app.Get<SurveyStore>();
        var closesAt = app.Time.GetUtcNow().UtcDateTime.AddDays(-1);
        var run = SavedRun("run-" + Guid.NewGuid().ToString("N")[..8], closesAt, RunStatus.Closed);
        foreach (var (id, name, site) in new[] { ("p-eve", "Eve Stone", "lincoln"), ("p-ben", "Ben Cole", "grant"), ("p-dan", "Dan Webb", "lincoln"),
                     ("p-ana", "Ana Ruiz", "grant"), ("p-cy", "Cy Park", "grant") })
        {
            app.Get<DirectoryStore>().Save(new Person { Id = id, Name = name, Email = id + "@example.org", Roles = [Roles.Tutor], Site = site });
            Invite(run, id);
        }
        surveys.Save(new SurveyResponse
        {
            Id = SurveyStore.ResponseId(run.Id, "p-ana"), RunId = run.Id, PersonId = "p-ana", Site = "grant",
            Answers = new() { [RetentionPulse.IntentQuestion] = "yes" }, SubmittedAt = run.OpensAt.AddDays(1),
        });
        return run.Id;
    }

    /// <summary>A named run of the retention pulse to the tutors, a week long, closing at <paramref name="closesAt"/>.</summary>
    SurveyRun SavedRun(string id, DateTime closesAt, RunStatus status)
    {
        var run = new SurveyRun
        {
            Id = id, SurveyId = "pulse", Title = "Tutor retention pulse",
            Questions = RetentionPulse.Create("pulse", closesAt).Questions, Audience = new Audience { Roles = [Roles.Tutor] },
            OpensAt = closesAt.AddDays(-7), ClosesAt = closesAt, Status = status,
        };
        app.Get<SurveyStore>().Save(run);
        return run;
    }

    /// <summary>The run's invitation to this person, sent when it opened (who was invited is read from these).</summary>
    /// <remarks>
    /// Written already sent: queued, it was the dispatcher's to claim while the test ran, and one claimed after a test
    /// deactivated its person was cancelled (they left before it went), so that person was no longer among the invited.
    /// </remarks>
    void Invite(SurveyRun run, string personId) =>
        app.Get<OutboxStore>().TryEnqueue(Delivery.Send($"{run.Campaign}:{personId}", run.Campaign, personId,
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + personId }, Message.Text("survey"), run.OpensAt)
            with { State = DeliveryState.Sent, DueAt = Delivery.NotDue });

    /// <summary>The next page's address from the Link header; null on the last page.</summary>
    static Uri? NextOf(HttpResponseMessage page) =>
        page.Headers.TryGetValues("Link", out var values) && values.Single() is var link
            ? new Uri(link[1..link.IndexOf('>', StringComparison.Ordinal)], UriKind.Relative)
            : null;

    Task<HttpResponseMessage> GetAsync(string runId, string query) =>
        Admin.GetAsync(new Uri($"/api/admin/survey-runs/{runId}/non-responders{query}", UriKind.Relative), Ct);

    static async Task<(int Invited, int Answered, int NotAnswered, string Names)> ReadAsync(HttpResponseMessage response)
    {
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        return ((int)body["invited"]!, (int)body["answered"]!, (int)body["notAnswered"]!, string.Join(", ", body["people"]!.AsArray().Select(p => (string)p!["name"]!)));
    }

    [Fact]
    public async Task Someone_the_survey_never_reached_is_marked_with_why_and_counted_as_not_reached()
    {
        // Invitations waiting for a later send (this app has no chat to send them to), but for Ben's, which Teams refused.
        var run = SavedRun("run-notreached", app.Time.GetUtcNow().UtcDateTime.AddDays(3), RunStatus.Open);
        var outbox = app.Get<OutboxStore>();
        foreach (var (id, name) in new[] { ("p-eve", "Eve Stone"), ("p-ben", "Ben Cole") })
        {
            app.Get<DirectoryStore>().Save(new Person { Id = id, Name = name, Email = id + "@example.org", Roles = [Roles.Tutor], Site = "lincoln" });
            outbox.TryEnqueue(Delivery.Send($"{run.Campaign}:{id}", run.Campaign, id, new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id },
                Message.Text("survey"), app.Time.GetUtcNow()) with { DueAt = app.Time.GetUtcNow().UtcDateTime.AddDays(1) });
        }
        outbox.MarkDead(outbox.Find($"{run.Campaign}:p-ben")!, "Teams says this person removed or blocked the app.", FailureClasses.Blocked);
        var runId = run.Id;

        var list = (await (await GetAsync(runId, "?limit=10")).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var results = (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/survey-runs/{runId}/results", UriKind.Relative), Ct))!;

        var people = list["people"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => p!.AsObject());
        Assert.Equal((true, "Teams says this person removed or blocked the app."), ((bool?)people["Ben Cole"]["notReached"], (string?)people["Ben Cole"]["notReachedWhy"]));
        Assert.NotEqual(true, (bool?)people["Eve Stone"]["notReached"]);
        Assert.Equal((1, 1), ((int)list["notReached"]!, (int)results["notReached"]!));
        Assert.Equal(2, (int)results["invited"]!);
    }

    /// <summary>
    /// An invitation waiting for the tutor's morning (or their weekly limit, or a retry) was listed as plain "not answered":
    /// the coordinator chased Eve for a survey she had not been sent yet. She is marked, with when it goes.
    /// </summary>
    [Fact]
    public async Task Someone_whose_invitation_still_waits_is_marked_not_sent_yet_with_when_it_goes()
    {
        var run = SavedRun("run-waiting", app.Time.GetUtcNow().UtcDateTime.AddDays(3), RunStatus.Open);
        var outbox = app.Get<OutboxStore>();
        var morning = app.Time.GetUtcNow().UtcDateTime.AddHours(1);
        foreach (var (id, name) in new[] { ("p-eve", "Eve Stone"), ("p-ben", "Ben Cole") })
        {
            app.Get<DirectoryStore>().Save(new Person { Id = id, Name = name, Email = id + "@example.org", Roles = [Roles.Tutor], Site = "lincoln" });
            outbox.TryEnqueue(Delivery.Send($"{run.Campaign}:{id}", run.Campaign, id, new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id },
                Message.Text("survey"), app.Time.GetUtcNow()) with { DueAt = morning });
        }
        outbox.MarkSent(outbox.Find($"{run.Campaign}:p-ben")!, new SentMessage("a:ben", "1"), app.Time.GetUtcNow());

        var list = (await (await GetAsync(run.Id, "?limit=10")).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        var people = list["people"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => p!.AsObject());
        Assert.Equal((true, morning), ((bool?)people["Eve Stone"]["notSentYet"], (DateTime?)people["Eve Stone"]["invitationSendsAt"]));
        Assert.Null(people["Ben Cole"]["notSentYet"]);
        Assert.Equal((1, 2), ((int)list["notSentYet"]!, (int)list["notAnswered"]!));
    }

    [Fact]
    public async Task Non_responders_come_a_page_at_a_time_by_site_then_name_with_a_link_to_the_next_page()
    {
        var runId = FiveInvitedOneAnswered();

        var first = await GetAsync(runId, "?limit=2");
        var second = await GetAsync(runId, "?offset=2&limit=2");

        Assert.Equal((5, 1, 4, "Ben Cole, Cy Park"), await ReadAsync(first));
        Assert.Equal((5, 1, 4, "Dan Webb, Eve Stone"), await ReadAsync(second));
        Assert.Equal(("4", "4"), (first.Headers.GetValues("X-Total-Count").Single(), second.Headers.GetValues("X-Total-Count").Single()));
        var next = first.Headers.GetValues("Link").Single();
        Assert.Contains("/non-responders?after=", next, StringComparison.Ordinal);
        Assert.EndsWith("&limit=2>; rel=\"next\"", next, StringComparison.Ordinal);
        var followed = await Admin.GetAsync(NextOf(first)!, Ct);
        Assert.Equal((5, 1, 4, "Dan Webb, Eve Stone"), await ReadAsync(followed));
        Assert.False(second.Headers.Contains("Link"));
        Assert.False(followed.Headers.Contains("Link"));
    }

    /// <summary>
    /// Someone deactivated after the run asked them can no longer answer: still counted (the rate is as sent) and listed,
    /// but marked, so a coordinator following up does not chase someone who left.
    /// </summary>
    [Fact]
    public async Task A_non_responder_who_left_the_program_since_is_marked_as_left()
    {
        var runId = FiveInvitedOneAnswered();
        var patch = await Admin.PatchAsJsonAsync(new Uri("/api/admin/people/p-dan", UriKind.Relative), new { active = false }, Ct);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var page = await GetAsync(runId, "");

        Assert.Equal((5, 1, 4, "Ben Cole, Cy Park, Dan Webb, Eve Stone"), await ReadAsync(await GetAsync(runId, "")));
        var people = (await page.Content.ReadFromJsonAsync<JsonObject>(Ct))!["people"]!.AsArray();
        Assert.Equal(["p-dan"], people.Where(p => (bool?)p!["left"] == true).Select(p => (string)p!["personId"]!));
    }

    /// <summary>A coordinator chasing a run of 600 a page at a time while tutors answer: nobody still to chase is skipped.</summary>
    [Fact]
    public async Task Paging_through_non_responders_while_some_answer_skips_no_one()
    {
        var surveys = app.Get<SurveyStore>();
        var closesAt = app.Time.GetUtcNow().UtcDateTime.AddDays(3);
        var run = SavedRun("run-big", closesAt, RunStatus.Open);
        var directory = app.Get<DirectoryStore>();
        for (var i = 0; i < 600; i++)
        {
            var id = FormattableString.Invariant($"p-{i:D4}");
            directory.Save(new Person { Id = id, Name = FormattableString.Invariant($"Tutor {i % 200:D3}"), Email = id + "@example.org", Roles = [Roles.Tutor], Site = i % 3 == 0 ? null : "lincoln" });
            Invite(run, id);
        }

        var seen = new List<string>();
        var next = $"/api/admin/survey-runs/{run.Id}/non-responders?limit=60";
        while (next is not null)
        {
            var page = await Admin.GetAsync(new Uri(next, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var shown = (await page.Content.ReadFromJsonAsync<JsonObject>(Ct))!["people"]!.AsArray().Select(p => (string)p!["personId"]!).ToList();
            seen.AddRange(shown);
            // Three of the people just shown answer before the next page is asked for.
            foreach (var person in shown.Take(3))
                surveys.Save(new SurveyResponse
                {
                    Id = SurveyStore.ResponseId(run.Id, person), RunId = run.Id, PersonId = person,
                    Answers = new() { [RetentionPulse.IntentQuestion] = "yes" }, SubmittedAt = app.Time.GetUtcNow().UtcDateTime,
                });
            next = NextOf(page)?.OriginalString;
        }

        Assert.Equal(600, seen.Count);
        Assert.Equal(600, seen.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Non_responders_of_a_site_are_in_the_order_a_person_reads_names_whatever_their_case_and_accents()
    {
        var closesAt = app.Time.GetUtcNow().UtcDateTime.AddDays(3);
        var run = SavedRun("run-names", closesAt, RunStatus.Open);
        foreach (var (id, name) in new[] { ("p-zoe", "Zoe Young"), ("p-eli", "Élise Moreau"), ("p-ana", "ana Ruiz"), ("p-ben", "Ben Cole"), ("p-fay", "Fay Lin") })
        {
            app.Get<DirectoryStore>().Save(new Person { Id = id, Name = name, Email = id + "@example.org", Roles = [Roles.Tutor], Site = "lincoln" });
            Invite(run, id);
        }

        var first = await GetAsync(run.Id, "?limit=3");
        var second = await Admin.GetAsync(NextOf(first)!, Ct);

        Assert.Equal("ana Ruiz, Ben Cole, Élise Moreau", (await ReadAsync(first)).Names);
        Assert.Equal("Fay Lin, Zoe Young", (await ReadAsync(second)).Names);
    }

    [Fact]
    public async Task A_non_responder_page_address_HitBot_did_not_give_is_a_400()
    {
        var runId = FiveInvitedOneAnswered();

        var answer = await GetAsync(runId, "?after=garbage");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("Link header", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_paging_parameters_everyone_who_has_not_answered_fits_the_first_page_as_before()
    {
        var runId = FiveInvitedOneAnswered();

        var all = await GetAsync(runId, "");

        Assert.Equal((5, 1, 4, "Ben Cole, Cy Park, Dan Webb, Eve Stone"), await ReadAsync(all));
        Assert.False(all.Headers.Contains("Link"));
    }

    [Fact]
    public async Task A_limit_of_zero_answers_the_counts_alone()
    {
        var runId = FiveInvitedOneAnswered();

        var counts = await GetAsync(runId, "?limit=0");

        Assert.Equal((5, 1, 4, ""), await ReadAsync(counts));
        Assert.Equal("4", counts.Headers.GetValues("X-Total-Count").Single());
        Assert.False(counts.Headers.Contains("Link"));
    }

    [Theory]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?offset=-1", "offset")]
    public async Task A_page_out_of_range_is_refused_naming_the_parameter(string query, string field)
    {
        var runId = FiveInvitedOneAnswered();

        var refused = await GetAsync(runId, query);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]![field]);
    }
}
