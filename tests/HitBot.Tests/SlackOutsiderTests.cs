using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Slack;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Slack Connect: a channel shared with another organisation brings its people within reach of HitBot (they can open a DM
/// with it and press buttons in the shared channel), and their profile shows whatever e-mail their organisation set. Only
/// the district's own accounts may be matched to the roster by e-mail.
/// </summary>
public sealed class SlackOutsiderTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const string OtherOrganisation = "T0PARTNER";

    /// <summary>
    /// Someone at a partner organisation, in a channel shared with the district, writes to HitBot from an account whose
    /// profile shows Maya's e-mail. Matched on it, they took over Maya's Slack chat: her "stop" was theirs to say, her
    /// items and feedback theirs to read, and her updates went to them.
    /// </summary>
    [Fact]
    public async Task A_Slack_Connect_user_showing_a_roster_persons_email_is_told_HitBot_works_in_its_own_workspace_and_acts_for_nobody()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var maya = slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");
        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev1", "U1MAYA", "help"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 1, Ct);
        slack.Slack.AddUserOf(OtherOrganisation, "U7GUEST", "maya@example.org");

        // The DM is delivered to HitBot's own workspace: the event's team_id is the district's, the sender is not.
        var response = await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev2", "U7GUEST", "stop"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);
        await slack.DispatcherSettledAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(slack.Slack.CallsTo("chat.postMessage"), c => (string?)c.Json["channel"] == "DU7GUEST");
        Assert.Contains("its own Slack workspace", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Maya", answer.Body, StringComparison.Ordinal);
        var person = slack.App.Get<DirectoryStore>().Find(maya.Id);
        Assert.False(person?.OptedOut);
        Assert.Equal("U1MAYA", person?.IdentityOn(ChannelKind.Slack)?.UserId);
    }

    /// <summary>
    /// The partner's user types <c>/hitbot my items</c> in the shared channel and opens HitBot's Home tab: each answers
    /// where HitBot works, never the roster person's items or help as if they were her.
    /// </summary>
    [Fact]
    public async Task A_Slack_Connect_users_command_and_Home_tab_show_where_HitBot_works_and_nothing_of_the_roster_person()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s => s.AddUserOf(OtherOrganisation, "U7GUEST", "maya@example.org"));
        var maya = slack.AddToRoster("Maya Lopez", "maya@example.org");

        var command = await slack.Client.SendAsync(SlackRequests.Command("U7GUEST", "my items", slack.Now), Ct);
        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.HomeOpened("Ev1", "U7GUEST"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "views.publish"), Ct);

        var commandAnswer = await command.Content.ReadAsStringAsync(Ct);
        Assert.Contains("its own Slack workspace", commandAnswer, StringComparison.Ordinal);
        Assert.DoesNotContain("Maya", commandAnswer, StringComparison.Ordinal);
        var home = Assert.Single(slack.Slack.CallsTo("views.publish")).Body;
        Assert.Contains("its own Slack workspace", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Maya", home, StringComparison.Ordinal);
        Assert.Null(slack.App.Get<DirectoryStore>().Find(maya.Id)?.IdentityOn(ChannelKind.Slack));
    }

    /// <summary>
    /// A card HitBot sent is shared into a Slack Connect channel, and someone of the partner organisation presses its
    /// "Stop these messages": the click was matched to Maya by the e-mail their profile shows, and Maya stopped getting
    /// HitBot's messages without ever having been asked.
    /// </summary>
    [Fact]
    public async Task A_button_pressed_in_a_shared_channel_by_a_Slack_Connect_user_changes_nothing_for_the_roster_person_with_that_email()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s => s.AddUserOf(OtherOrganisation, "U7GUEST", "maya@example.org"));
        var maya = slack.AddToRoster("Maya Lopez", "maya@example.org");
        var click = SlackRequests.ButtonClick("U7GUEST", ConsentRoutes.StopVerb + "#0", "{}");
        click["user"]!["team_id"] = OtherOrganisation;
        click["container"]!["channel_id"] = "C0SHARED";
        click["channel"]!["id"] = "C0SHARED";

        var response = await slack.Client.SendAsync(SlackRequests.Interaction(click, slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await slack.DispatcherSettledAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(slack.Slack.CallsTo("chat.postMessage"));
        Assert.Contains("its own Slack workspace", answer.Body, StringComparison.Ordinal);
        var person = slack.App.Get<DirectoryStore>().Find(maya.Id);
        Assert.False(person?.OptedOut);
        Assert.Null(person?.IdentityOn(ChannelKind.Slack));
    }

    /// <summary>
    /// The roster pass looks roster e-mails up in Slack; the only account holding Sam's belongs to a partner organisation
    /// in a shared channel. Linked, it got Sam's welcome and every update sent to him. The People page now says why Sam
    /// is not reached in Slack.
    /// </summary>
    [Fact]
    public async Task The_roster_pass_does_not_link_a_roster_email_to_a_Slack_Connect_account_and_says_why()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s => s.AddUserOf(OtherOrganisation, "U7SAM", "sam@example.org"));
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        await progress.WaitForAsync(() => progress.Passes >= 1, TimeSpan.FromSeconds(60), Ct);

        await slack.App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            new StringContent("name,email,role\nSam Ortiz,sam@example.org,tutor\n", System.Text.Encoding.UTF8, "text/csv"), Ct);
        var sam = slack.App.Get<DirectoryStore>().FindByEmail("sam@example.org")!;
        await progress.WaitForAsync(() => progress.Passes >= 2, TimeSpan.FromSeconds(60), Ct);
        await slack.DispatcherSettledAsync(Ct);

        var person = slack.App.Get<DirectoryStore>().Find(sam.Id);
        Assert.Null(person?.IdentityOn(ChannelKind.Slack));
        var note = Assert.Single(person?.ReachNotes ?? [], n => n.Channel == ChannelKind.Slack);
        Assert.Contains("another organisation", note.Detail, StringComparison.Ordinal);
        Assert.Empty(slack.Slack.CallsTo("chat.postMessage"));
    }

    /// <summary>
    /// On Enterprise Grid the district's people belong to several workspaces of one organisation: a member of a sister
    /// workspace is one of the district's own, and is matched as before.
    /// </summary>
    [Fact]
    public async Task A_member_of_a_sister_workspace_in_the_districts_Enterprise_Grid_is_matched_by_email()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s =>
        {
            s.EnterpriseId = "E0DISTRICT";
            s.AddUserOf("T0SISTER", "U2NOOR", "noor@example.org", enterpriseId: "E0DISTRICT");
        });
        var noor = slack.AddToRoster("Noor Haddad", "noor@example.org");

        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev1", "U2NOOR", "help"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && (string?)c.Json["channel"] == "DU2NOOR"), Ct);
        await slack.DispatcherSettledAsync(Ct);

        Assert.Contains(slack.Slack.CallsTo("chat.postMessage"), c => c.Body.Contains("What I can do", StringComparison.Ordinal));
        Assert.Equal("U2NOOR", slack.App.Get<DirectoryStore>().Find(noor.Id)?.IdentityOn(ChannelKind.Slack)?.UserId);
    }

    /// <summary>
    /// Maya was linked by e-mail to a partner organisation's account before HitBot refused outsiders. When that account writes
    /// "stop", the link ends: Maya is not opted out, the writer is told where HitBot works, and the People page says why Maya
    /// is not reached in Slack.
    /// </summary>
    [Fact]
    public async Task An_outsider_linked_before_the_fix_is_unlinked_when_they_write_and_nothing_they_type_counts_as_the_roster_persons()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var maya = LinkedToOutsider(slack);

        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev1", "U7GUEST", "stop"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await slack.DispatcherSettledAsync(Ct);

        var answer = Assert.Single(slack.Slack.CallsTo("chat.postMessage"));
        Assert.Contains("its own Slack workspace", answer.Body, StringComparison.Ordinal);
        var person = slack.App.Get<DirectoryStore>().Find(maya.Id);
        Assert.False(person?.OptedOut);
        Assert.Null(person?.IdentityOn(ChannelKind.Slack));
        Assert.Contains("another organisation", PersonReach.Of(person!).Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same old link, and the outsider presses Stop on a card in that chat. The click says its home is another
    /// organisation, so HitBot asks Slack before acting on it: the link ends and Maya is not opted out. Taken as one of
    /// the district's own from any home it named, the click was answered at once as Maya's and stopped her updates.
    /// </summary>
    [Fact]
    public async Task A_button_pressed_by_an_outsider_linked_before_the_fix_changes_nothing_for_the_roster_person_and_the_link_ends()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var maya = LinkedToOutsider(slack);
        var click = SlackRequests.ButtonClick("U7GUEST", ConsentRoutes.StopVerb + "#0", "{}");
        click["user"]!["team_id"] = OtherOrganisation;

        var response = await slack.Client.SendAsync(SlackRequests.Interaction(click, slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await slack.DispatcherSettledAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var person = slack.App.Get<DirectoryStore>().Find(maya.Id);
        Assert.False(person?.OptedOut);
        Assert.Null(person?.IdentityOn(ChannelKind.Slack));
        Assert.Contains("another organisation", PersonReach.Of(person!).Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same old link, and the coordinator sends an update: it does not go to the partner organisation's account, the
    /// link ends, and the delivery report says why Maya did not get it.
    /// </summary>
    [Fact]
    public async Task An_update_is_not_sent_to_an_outsider_linked_before_the_fix_and_the_link_ends()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var maya = LinkedToOutsider(slack);
        var admin = slack.App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 1", ["body"] = "Hello tutors", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;

        await admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        var outbox = slack.App.Get<OutboxStore>();
        await slack.App.Get<DispatcherProgress>().WaitForAsync(
            () => outbox.ForCampaign("update:" + id).Any(d => d.State is DeliveryState.Dead or DeliveryState.Sent), TimeSpan.FromSeconds(60), Ct);
        await slack.DispatcherSettledAsync(Ct);

        Assert.Empty(slack.Slack.CallsTo("chat.postMessage"));
        var delivery = Assert.Single(outbox.ForCampaign("update:" + id));
        Assert.Equal(DeliveryState.Dead, delivery.State);
        Assert.Contains("another organisation", delivery.LastError, StringComparison.Ordinal);
        var person = slack.App.Get<DirectoryStore>().Find(maya.Id);
        Assert.Null(person?.IdentityOn(ChannelKind.Slack));
        Assert.Contains("another organisation", PersonReach.Of(person!).Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// Maya's account was found to be the district's own when she first wrote. HitBot restarts (an upgrade, the server's
    /// updates), then she writes again and a Monday update goes to her: neither asks Slack about her again. Each restart
    /// asked about every linked person once more, a thousand Slack tutors ten minutes' worth of users.info at Slack's pace.
    /// </summary>
    [Fact]
    public async Task A_tutor_found_to_be_the_districts_own_is_not_asked_about_again_after_a_restart()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        fake.AddUser("U1MAYA", "maya@example.org");
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var before = new HitBotApp(SlackTestApp.Settings(fake), folder))
            {
                using var client = before.CreateClient();
                before.Get<RosterImport>().Import(new StringReader("name,email,role\nMaya Lopez,maya@example.org,tutor\n"), false);
                await client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev1", "U1MAYA", "help"), before.Time.GetUtcNow()), Ct);
                await fake.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 1, Ct);
                await OutboxSettled.WaitAsync(before, TimeSpan.FromSeconds(60), Ct);
            }
            var asked = fake.CallsTo("users.info").Count + fake.CallsTo("users.lookupByEmail").Count;

            await using var after = new HitBotApp(SlackTestApp.Settings(fake), folder);
            using var restarted = after.CreateClient();
            await restarted.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev2", "U1MAYA", "my items"), after.Time.GetUtcNow()), Ct);
            await fake.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);
            var admin = after.CreateAdminClient();
            var created = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
            {
                ["title"] = "Week 1", ["body"] = "Hello tutors", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
            }, Ct);
            var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
            (await admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
            await fake.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 3, Ct);
            await OutboxSettled.WaitAsync(after, TimeSpan.FromSeconds(60), Ct);

            Assert.Contains("Hello tutors", fake.CallsTo("chat.postMessage")[^1].Body, StringComparison.Ordinal);
            Assert.Equal(asked, fake.CallsTo("users.info").Count + fake.CallsTo("users.lookupByEmail").Count);
        }
        finally
        {
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
            File.Delete(folder + ".anonymity.key");
        }
    }

    /// <summary>Maya on the roster, linked (as before the fix) to a Slack Connect account that shows her e-mail.</summary>
    static Person LinkedToOutsider(SlackTestApp slack)
    {
        var maya = slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.App.Get<PeopleDirectory>().Link(new ChannelAddress
        {
            Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = "U7GUEST", ConversationId = "DU7GUEST",
        }, "maya@example.org");
        slack.Slack.AddUserOf(OtherOrganisation, "U7GUEST", "maya@example.org");
        return maya;
    }

    /// <summary>
    /// On Enterprise Grid too, only the district's organisation is its own: someone of a partner organisation (on a Grid
    /// of their own, or none) writing from a shared channel with Noor's e-mail is not taken for Noor.
    /// </summary>
    [Theory]
    [InlineData("E0PARTNER")]
    [InlineData(null)]
    public async Task On_Enterprise_Grid_a_Slack_Connect_user_of_another_organisation_is_not_matched_by_email(string? theirOrganisation)
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s =>
        {
            s.EnterpriseId = "E0DISTRICT";
            s.AddUserOf(OtherOrganisation, "U7GUEST", "noor@example.org", enterpriseId: theirOrganisation);
        });
        var noor = slack.AddToRoster("Noor Haddad", "noor@example.org");

        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev1", "U7GUEST", "stop"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && (string?)c.Json["channel"] == "DU7GUEST"), Ct);
        await slack.DispatcherSettledAsync(Ct);

        var answer = Assert.Single(slack.Slack.CallsTo("chat.postMessage"), c => (string?)c.Json["channel"] == "DU7GUEST");
        Assert.Contains("its own Slack workspace", answer.Body, StringComparison.Ordinal);
        var person = slack.App.Get<DirectoryStore>().Find(noor.Id);
        Assert.False(person?.OptedOut);
        Assert.Null(person?.IdentityOn(ChannelKind.Slack));
    }
}

