using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Admin;
using HitBot.Core.Directory;
using HitBot.Core.Updates;
using HitBot.Tests.SiteChampions;

namespace HitBot.Tests.PartnerLeads;

/// <summary>A partner lead who sent their tutors a mistake corrects or recalls it themselves, and no one else's update.</summary>
public sealed class PartnerLeadCorrectionTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    TwoSites sites = null!;

    public async ValueTask InitializeAsync() => sites = await TwoSites.StartAsync();

    public ValueTask DisposeAsync() => sites.DisposeAsync();

    [Fact]
    public async Task A_partner_lead_corrects_and_recalls_the_update_they_sent_their_cohort()
    {
        var pia = await sites.ClientForAsync("pia@example.org");
        var id = await SentAsync(pia, "Timesheets by Friday");

        var corrected = await pia.PostAsJsonAsync($"/api/admin/updates/{id}/correct", new JsonObject { ["body"] = "Timesheets by **Thursday**." }, Ct);
        var recalled = await pia.PostAsync(new Uri($"/api/admin/updates/{id}/recall", UriKind.Relative), null, Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (corrected.StatusCode, recalled.StatusCode));
        var update = sites.App.Get<UpdateStore>().Find(id)!;
        Assert.Equal(("Timesheets by **Thursday**.", 1), (update.Body, update.Revision));
        Assert.NotNull(update.RecalledAt);
    }

    [Fact]
    public async Task A_partner_lead_cannot_correct_or_recall_an_update_they_did_not_write_nor_can_a_site_champion()
    {
        var centralsUpdate = await SentAsync(sites.Admin, "From the central team");
        var pia = await sites.ClientForAsync("pia@example.org");
        var cara = await sites.ClientForAsync("cara@example.org");

        var correct = await pia.PostAsJsonAsync($"/api/admin/updates/{centralsUpdate}/correct", new JsonObject { ["body"] = "Changed by Pia." }, Ct);
        var recall = await pia.PostAsync(new Uri($"/api/admin/updates/{centralsUpdate}/recall", UriKind.Relative), null, Ct);
        var byChampion = await cara.PostAsync(new Uri($"/api/admin/updates/{centralsUpdate}/recall", UriKind.Relative), null, Ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (correct.StatusCode, recall.StatusCode, byChampion.StatusCode));
        Assert.Equal("Partner leads can see only the updates they wrote.", (string?)(await recall.Content.ReadFromJsonAsync<JsonObject>(Ct))!["title"]);
        Assert.Equal(AdminAccessHandler.SiteChampionRefusal, (string?)(await byChampion.Content.ReadFromJsonAsync<JsonObject>(Ct))!["title"]);
        var update = sites.App.Get<UpdateStore>().Find(centralsUpdate)!;
        Assert.Equal((0, null), (update.Revision, update.RecalledAt));
    }

    [Fact]
    public async Task A_partner_lead_cannot_correct_or_recall_their_update_once_the_central_team_sent_it_beyond_their_cohort()
    {
        // Pia wrote the draft for her cohort; the central team widened it to every tutor and sent it. A correction is new
        // text in every chat it reached: Pia posting to Grant's ReadCorps tutors, whom she may never post to.
        var pia = await sites.ClientForAsync("pia@example.org");
        var id = await WidenedAsync(pia, "Timesheets by Friday");
        (await sites.Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();

        var correct = await pia.PostAsJsonAsync($"/api/admin/updates/{id}/correct", new JsonObject { ["body"] = "Changed by Pia." }, Ct);
        var recall = await pia.PostAsync(new Uri($"/api/admin/updates/{id}/recall", UriKind.Relative), null, Ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (correct.StatusCode, recall.StatusCode));
        Assert.Contains("only the central team", (string?)(await correct.Content.ReadFromJsonAsync<JsonObject>(Ct))!["title"], StringComparison.Ordinal);
        var update = sites.App.Get<UpdateStore>().Find(id)!;
        Assert.Equal((0, null), (update.Revision, update.RecalledAt));
    }

    [Fact]
    public async Task A_partner_lead_whose_draft_the_central_team_widened_sees_only_their_own_tutors_among_its_failed_copies()
    {
        var pia = await sites.ClientForAsync("pia@example.org");
        var id = await WidenedAsync(pia, "Timesheets by Friday");
        // Every chat refuses HitBot: each tutor's copy is given up, and the report lists each by name.
        sites.Teams.Connector.FailNext(100, status: 403);
        (await sites.Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        await sites.Teams.DeliveredAsync();

        static async Task<List<string?>> FailedNamesAsync(HttpClient reader, string id) =>
            [.. (await reader.GetFromJsonAsync<JsonObject>($"/api/admin/updates/{id}", Ct))!["report"]!["failures"]!.AsArray().Select(f => (string?)f!["personName"])];

        var cityTutors = sites.Directory.All().Where(p => p.HasRole(Roles.Tutor) && p.Partner == sites.Person("pia@example.org").Partner).Select(p => p.Name).ToHashSet();
        var seenByCentral = await FailedNamesAsync(sites.Admin, id);
        Assert.Contains(seenByCentral, name => !cityTutors.Contains(name!));
        // Pia wrote it, so she sees its page; the ReadCorps tutors it reached are not hers to see named.
        var seenByPia = await FailedNamesAsync(pia, id);
        Assert.Equal(seenByCentral.Where(name => cityTutors.Contains(name!)).Order(), seenByPia.Order());
        Assert.NotEmpty(seenByPia);
    }

    [Fact]
    public async Task A_partner_lead_who_now_leads_another_partner_cannot_correct_what_they_sent_their_former_cohort()
    {
        var pia = await sites.ClientForAsync("pia@example.org");
        var id = await SentAsync(pia, "Timesheets by Friday");
        // The roster now has Pia leading ReadCorps: CityTutors' tutors are no longer hers to post to.
        sites.Directory.Change(sites.Person("pia@example.org").Id, p => p with { Partner = sites.GrantTutors[0].Partner });

        var correct = await pia.PostAsJsonAsync($"/api/admin/updates/{id}/correct", new JsonObject { ["body"] = "Changed by Pia." }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, correct.StatusCode);
        Assert.Equal(0, sites.App.Get<UpdateStore>().Find(id)!.Revision);
    }

    [Fact]
    public async Task A_partner_lead_still_recalls_an_update_to_named_tutors_after_one_of_them_left_the_program()
    {
        var pia = await sites.ClientForAsync("pia@example.org");
        var named = sites.LincolnTutors.Take(2).ToList();
        var created = await pia.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "For two of you", ["body"] = "Timesheets by Friday.",
            ["audience"] = new JsonObject { ["people"] = new JsonArray([.. named.Select(p => (JsonNode?)JsonValue.Create(p.Id))]) },
        }, Ct);
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("no id");
        (await pia.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        sites.Directory.Change(named[1].Id, p => p with { Inactive = true });

        var recall = await pia.PostAsync(new Uri($"/api/admin/updates/{id}/recall", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.OK, recall.StatusCode);
    }

    static async Task<string> DraftAsync(HttpClient writer, string title)
    {
        var created = await writer.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = title, ["body"] = "Timesheets by Friday.",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor"), ["partners"] = new JsonArray("CityTutors") },
        }, Ct);
        return (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("no id");
    }

    /// <summary>A partner lead's draft to their cohort, which the central team then widened to every tutor.</summary>
    async Task<string> WidenedAsync(HttpClient lead, string title)
    {
        var id = await DraftAsync(lead, title);
        (await sites.Admin.PatchAsJsonAsync($"/api/admin/updates/{id}", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct)).EnsureSuccessStatusCode();
        return id;
    }

    static async Task<string> SentAsync(HttpClient writer, string title)
    {
        var id = await DraftAsync(writer, title);
        (await writer.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        return id;
    }
}
