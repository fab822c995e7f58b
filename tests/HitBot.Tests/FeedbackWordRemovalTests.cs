using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A tutor named a student in their feedback: the central team removes the words of the item and its replies, and
/// HitBot keeps them nowhere (the item, the list, search, the spreadsheet, the outbox), while the record of who removed
/// them, when and why stays. Through the real host, a real LiteDB file and the stand-in Bot Connector.
/// </summary>
public sealed class FeedbackWordRemovalTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    const string Student = "Jayden";
    const string Removed = "(words removed by the central team on 2026-03-02)";

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    TeamsActivities maya = null!;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,lincoln,citytutors\n" +
            "Lena Park,lena@example.org,central team,,\n" +
            "Cara Diaz,cara@example.org,site champion,lincoln,\n" +
            "Pia Chen,pia@example.org,partner lead,,citytutors");
        maya = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(maya.UserId), "maya@example.org");
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    string IdOf(string email) => teams.App.Get<DirectoryStore>().FindByEmail(email)!.Id;

    Task<HttpClient> AsAsync(string email) => teams.App.ClientOfAsync(email);

    /// <summary>Maya's feedback naming a student, answered by the central team with the student's name in the reply too.</summary>
    async Task<string> AnsweredFeedbackAsync()
    {
        await teams.PostAsync(maya.Text($"feedback {Student} in 3rd period keeps leaving the session early"));
        var id = (string)(await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/feedback", UriKind.Relative), Ct))![0]!["id"]!;
        await teams.DeliveredAsync();
        return id;
    }

    Task<HttpResponseMessage> ReplyAsync(string id) =>
        Admin.PostAsJsonAsync($"/api/admin/feedback/{id}/reply", new { text = $"Thanks. We will talk to {Student}'s teacher this week." }, Ct);

    static Task<HttpResponseMessage> RemoveAsync(HttpClient client, string id, string? note = null) => note is null
        ? client.PostAsync(new Uri($"/api/admin/feedback/{id}/redact", UriKind.Relative), null, Ct)
        : client.PostAsJsonAsync($"/api/admin/feedback/{id}/redact", new { note }, Ct);

    /// <summary>Every delivery row in the file, as JSON: what a copy of the database would show.</summary>
    string OutboxRows() => string.Join("\n", teams.App.Get<HitBotDb>().Collection<Delivery>(OutboxStore.Collection).FindAll()
        .Select(d => d.MessageJson.Length == 0 && d.MessageId is not null && teams.App.Get<OutboxStore>().MessageOf(d) is { } shared
            ? MessageJson.Serialize(shared) : d.MessageJson + d.LastError));

    async Task<string> GetAsync(string path) => await Admin.GetStringAsync(new Uri(path, UriKind.Relative), Ct);

    [Fact]
    public async Task Removed_words_are_gone_from_the_item_the_list_search_the_spreadsheet_and_the_outbox_and_the_reply_is_changed_in_Teams()
    {
        var id = await AnsweredFeedbackAsync();
        (await ReplyAsync(id)).EnsureSuccessStatusCode();
        await teams.DeliveredAsync();
        using var asLena = await AsAsync("lena@example.org");

        var response = await RemoveAsync(asLena, id, "Named a student");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(Removed, (string?)item["text"]);
        Assert.Equal(Removed, (string?)item["replies"]![0]!["text"]);
        Assert.Equal(("Lena Park", "Named a student"), ((string?)item["wordsRemoved"]!["by"], (string?)item["wordsRemoved"]!["note"]));
        Assert.Equal("Maya Lopez", (string?)item["from"]!["name"]);
        foreach (var path in new[] { $"/api/admin/feedback/{id}", "/api/admin/feedback", "/api/admin/feedback.csv" })
            Assert.DoesNotContain(Student, await GetAsync(path), StringComparison.Ordinal);
        Assert.Contains("Removed by Lena Park: Named a student", await GetAsync("/api/admin/feedback.csv"), StringComparison.Ordinal);
        Assert.Equal("[]", await GetAsync($"/api/admin/feedback?q={Student}"));
        Assert.DoesNotContain(Student, OutboxRows(), StringComparison.Ordinal);
        var edit = (await teams.DeliveredAsync()).Last(c => c.Method == "PUT");
        Assert.Contains(Removed, edit.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Student, edit.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_words_again_answers_the_first_removal_and_changes_the_chat_once()
    {
        var id = await AnsweredFeedbackAsync();
        (await ReplyAsync(id)).EnsureSuccessStatusCode();
        await teams.DeliveredAsync();
        var first = await (await RemoveAsync(Admin, id, "Named a student")).Content.ReadAsStringAsync(Ct);
        await teams.DeliveredAsync();
        teams.App.Time.Advance(TimeSpan.FromHours(1));

        var again = await RemoveAsync(Admin, id, "Another reason");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first, await again.Content.ReadAsStringAsync(Ct));
        Assert.Single(await teams.DeliveredAsync(), c => c.Method == "PUT");
    }

    [Fact]
    public async Task A_reply_still_waiting_when_the_words_are_removed_is_never_sent_and_says_why()
    {
        var id = await AnsweredFeedbackAsync();
        teams.Connector.FailNext(1, 429, retryAfter: "60");
        (await ReplyAsync(id)).EnsureSuccessStatusCode();
        var reply = Assert.Single(teams.App.Get<OutboxStore>().ForCampaign(FeedbackInbox.ReplyCampaignPrefix + id));
        await teams.WaitForAsync(reply.Id, DeliveryState.Failed);

        (await RemoveAsync(Admin, id)).EnsureSuccessStatusCode();
        teams.App.Time.Advance(TimeSpan.FromMinutes(5));
        await teams.DeliveredAsync();

        // The one try the connector refused with 429 before the removal, and no other.
        Assert.Single(await teams.PostedActivitiesAsync(), a => a.ToJsonString().Contains("A reply from the central team", StringComparison.Ordinal));
        Assert.Equal(DeliveryState.Dead, teams.Queued(reply.Id)!.State);
        var shown = (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/feedback/{id}", UriKind.Relative), Ct))!["replies"]![0]!;
        Assert.Equal(("failed", OutboxStore.WordsRemovedReason), ((string?)shown["delivery"], (string?)shown["notSentReason"]));
        Assert.DoesNotContain(Student, OutboxRows(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Site_champions_and_partner_leads_cannot_remove_words_and_a_long_note_or_an_unknown_item_changes_nothing()
    {
        var id = await AnsweredFeedbackAsync();
        using var cara = await AsAsync("cara@example.org");
        using var pia = await AsAsync("pia@example.org");

        var champion = await RemoveAsync(cara, id);
        var lead = await RemoveAsync(pia, id);
        var longNote = await RemoveAsync(Admin, id, new string('x', 201));
        var unknown = await RemoveAsync(Admin, "no-such-item");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest, HttpStatusCode.NotFound),
            (champion.StatusCode, lead.StatusCode, longNote.StatusCode, unknown.StatusCode));
        Assert.Contains("at most 200 characters", await longNote.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains(Student, await GetAsync($"/api/admin/feedback/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasing_the_coordinator_who_removed_the_words_leaves_the_removal_by_nobody()
    {
        var id = await AnsweredFeedbackAsync();
        using (var asLena = await AsAsync("lena@example.org")) (await RemoveAsync(asLena, id)).EnsureSuccessStatusCode();
        var lena = IdOf("lena@example.org");

        (await Admin.DeleteAsync(new Uri($"/api/admin/people/{lena}", UriKind.Relative), Ct)).EnsureSuccessStatusCode();

        var stored = teams.App.Get<FeedbackStore>().Find(id)!;
        Assert.NotNull(stored.WordsRemoved);
        Assert.Null(stored.WordsRemoved.ByPersonId);
        Assert.Null((string?)(await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/feedback/{id}", UriKind.Relative), Ct))!["wordsRemoved"]!["by"]);
    }
}
