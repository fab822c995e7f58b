using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Teams;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests;

public sealed class TeamsEndpointTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Installing_the_app_links_a_roster_person_by_email_and_queues_one_welcome_card()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "Maya.Lopez@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya.lopez@example.org,tutor,North,");

        var response = await teams.PostAsync(maya.Installed());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var person = teams.App.Get<PeopleDirectory>().FindByIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = maya.UserId });
        Assert.NotNull(person);
        Assert.Equal("maya.lopez@example.org", person.Email);
        var identity = Assert.Single(person.Identities);
        Assert.Equal(maya.ConversationId, identity.ConversationId);
        Assert.Equal(teams.Connector.ServiceUrl, identity.ServiceUrl);
        Assert.Equal(TeamsActivities.TenantId, identity.TenantId);
        Assert.Equal(person.Id, teams.Queued($"welcome:teams:{maya.UserId}")?.PersonId);
        var calls = await teams.DeliveredAsync();
        Assert.Contains(calls, c => c.Method == "GET" && c.Path == $"/amer/v3/conversations/{maya.ConversationId}/members/{maya.UserId}");
        var posted = Assert.Single(calls, c => c.Method == "POST");
        Assert.Equal($"/amer/v3/conversations/{maya.ConversationId}/activities", posted.Path);
        Assert.Equal("Welcome to our tutoring program, Maya!", posted.Body?["summary"]?.GetValue<string>());
        var attachment = posted.Body?["attachments"]?[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment?["contentType"]?.GetValue<string>());
        Assert.Equal("AdaptiveCard", attachment?["content"]?["type"]?.GetValue<string>());
        Assert.Equal("Hi Maya, I'm HitBot", attachment?["content"]?["body"]?[0]?["text"]?.GetValue<string>());
    }

    /// <summary>
    /// The district's roster has the address Maya signs in to Teams with (her UPN, as the People page's advice for someone
    /// not reached says to check), while her mailbox is another alias. Graph's look-up for the installer tries both; the
    /// look-up of someone who opens HitBot themselves tried only the mailbox, and she was told to ask to be added.
    /// </summary>
    [Fact]
    public async Task A_tutor_whose_roster_email_is_their_Teams_sign_in_rather_than_their_mailbox_is_welcomed_when_they_open_HitBot()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya.lopez@district.example", "Maya Lopez", userPrincipalName: "MLopez@district.example");
        await teams.ImportRosterAsync("Maya Lopez,mlopez@district.example,tutor,North,");

        await teams.PostAsync(maya.Installed());
        // The welcome goes before she writes: one still waiting when she does is not sent after the answer (ReachedWelcome.Met).
        await teams.DeliveredAsync();
        await teams.PostAsync(maya.Text("surveys"));

        var posted = await teams.PostedActivitiesAsync();
        Assert.Single(posted, a => (string?)a["summary"] == "Welcome to our tutoring program, Maya!");
        Assert.Single(posted, a => (string?)a["summary"] == "You have no open surveys right now.");
        Assert.DoesNotContain(posted, a => a.ToJsonString().Contains("ask your program coordinator to add you", StringComparison.Ordinal));
        Assert.Equal(maya.UserId, teams.App.Get<PeopleDirectory>().FindByEmail("mlopez@district.example")?.IdentityOn(ChannelKind.Teams)?.UserId);
    }

    /// <summary>
    /// The first message a tutor ever gets from HitBot, often as a phone notification: it says how to stop, and its one
    /// button is one a tutor can use (help), not their action items, which tutors do not own.
    /// </summary>
    [Fact]
    public async Task A_tutors_welcome_says_how_to_stop_and_offers_help_rather_than_action_items()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya4@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya4@example.org,tutor,,");

        await teams.PostAsync(maya.Installed());

        var card = Assert.Single(await teams.PostedActivitiesAsync())["attachments"]![0]!["content"]!;
        Assert.Contains("**stop**", card["body"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("action-plan", card["body"]!.ToJsonString(), StringComparison.Ordinal);
        var button = Assert.Single(card["actions"]!.AsArray())!;
        Assert.Equal("help", (string?)button["data"]?["d"]?["text"]);
    }

    [Fact]
    public async Task An_action_item_owners_welcome_offers_their_items()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var lena = teams.NewUser();
        teams.Connector.AddMember(lena.UserId, "lena4@example.org", "Lena Park");
        await teams.ImportRosterAsync("Lena Park,lena4@example.org,site champion,,");

        await teams.PostAsync(lena.Installed());

        var card = Assert.Single(await teams.PostedActivitiesAsync())["attachments"]![0]!["content"]!;
        Assert.Contains("**stop**", card["body"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("my items", (string?)Assert.Single(card["actions"]!.AsArray())!["data"]?["d"]?["text"]);
    }

    /// <summary>
    /// Maya said stop in Slack (or her coordinator opted her out at her request), then opens HitBot in Teams: her welcome
    /// promised weekly updates and surveys she will not get, and told her to type stop to end what had already ended.
    /// </summary>
    [Fact]
    public async Task Someone_who_said_stop_and_opens_HitBot_in_Teams_is_told_updates_are_off_and_how_to_turn_them_on()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya6@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya6@example.org,tutor,,");
        var directory = teams.App.Get<PeopleDirectory>();
        directory.SetOptOut(directory.FindByEmail("maya6@example.org")!.Id, optedOut: true, by: "self");

        await teams.PostAsync(maya.Installed());

        var card = Assert.Single(await teams.PostedActivitiesAsync());
        var text = card.ToJsonString();
        Assert.DoesNotContain("weekly updates", text, StringComparison.Ordinal);
        Assert.DoesNotContain("**stop** to end", text, StringComparison.Ordinal);
        Assert.Contains("**start**", text, StringComparison.Ordinal);
        Assert.Equal(maya.UserId, directory.FindByEmail("maya6@example.org")?.IdentityOn(ChannelKind.Teams)?.UserId);
    }

    /// <summary>
    /// A tutor deactivated at the end of the year who installs HitBot afterwards is not promised updates, surveys and
    /// reminders they will never get: they hear what "start" and their Home tab tell them.
    /// </summary>
    [Fact]
    public async Task Someone_who_left_the_program_and_installs_the_app_is_told_they_left_not_welcomed()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya5@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya5@example.org,tutor,,");
        var directory = teams.App.Get<DirectoryStore>();
        directory.Change(directory.FindByEmail("maya5@example.org")!.Id, p => p with { Inactive = true });

        await teams.PostAsync(maya.Installed());

        var posted = Assert.Single(await teams.PostedActivitiesAsync()).ToJsonString();
        Assert.DoesNotContain("Welcome", posted, StringComparison.Ordinal);
        Assert.Contains("no longer on the program", posted, StringComparison.Ordinal);
    }

    /// <summary>
    /// A tutor who pastes a photo (of a timetable, of an error on screen) into HitBot's chat got the help card, as if they had
    /// said nothing, and never learned that the picture reached nobody. Teams puts a text/html copy beside every message.
    /// </summary>
    [Fact]
    public async Task A_picture_sent_without_words_is_answered_that_it_reached_nobody_not_with_the_help_card()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya.picture@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya.picture@example.org,tutor,,");
        var picture = maya.Text("");
        picture["attachments"] = new JsonArray(
            new JsonObject { ["contentType"] = "image/*", ["contentUrl"] = teams.Connector.ServiceUrl + "v3/attachments/0-eus-d1/views/original" },
            new JsonObject { ["contentType"] = "text/html", ["content"] = "<div><img src=\"https://example.org/x.png\"></div>" });

        await teams.PostAsync(picture);

        var reply = Assert.Single(await teams.PostedActivitiesAsync()).ToJsonString();
        Assert.Contains("reached nobody", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("What I can do", reply, StringComparison.Ordinal);
    }

    /// <summary>
    /// A Teams message's id is the millisecond it was posted, unique in its chat only: two tutors writing in the same
    /// millisecond send the same id, and the second was taken for a retry of the first and dropped without an answer.
    /// </summary>
    [Fact]
    public async Task Two_people_whose_messages_share_an_id_are_both_answered()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var (maya, sam) = (teams.NewUser(), teams.NewUser());
        teams.Connector.AddMember(maya.UserId, "maya.same@example.org", "Maya Lopez");
        teams.Connector.AddMember(sam.UserId, "sam.same@example.org", "Sam Ortiz");
        await teams.ImportRosterAsync("Maya Lopez,maya.same@example.org,tutor,,\nSam Ortiz,sam.same@example.org,tutor,,");
        var (fromMaya, fromSam) = (maya.Text("help"), sam.Text("help"));
        (fromMaya["id"], fromSam["id"]) = ("1772460000001", "1772460000001");

        await teams.PostAsync(fromMaya);
        await teams.PostAsync(fromSam);
        var again = await teams.PostAsync(fromSam.DeepClone().AsObject()); // Teams' own retry of Sam's is still one answer

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var posted = (await teams.DeliveredAsync()).Where(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, posted.Count);
        Assert.Single(posted, c => c.Path.Contains(maya.ConversationId, StringComparison.Ordinal));
        Assert.Single(posted, c => c.Path.Contains(sam.ConversationId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Typed_words_with_Teams_html_copy_beside_them_are_read_as_typed()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya.typed@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya.typed@example.org,tutor,,");
        var help = maya.Text("help");
        help["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "text/html", ["content"] = "<p>help</p>" });

        await teams.PostAsync(help);

        Assert.Equal("Here is what I can do", (string?)Assert.Single(await teams.PostedActivitiesAsync())["summary"]);
    }

    /// <summary>District exports often write "Last, First" (a quoted cell): the welcome greets the first name, not "Lopez,".</summary>
    [Fact]
    public async Task A_roster_name_written_last_name_first_is_greeted_by_the_first_name()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya3@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("\"Lopez, Maya\",maya3@example.org,tutor,,");

        await teams.PostAsync(maya.Installed());

        var posted = Assert.Single(await teams.PostedActivitiesAsync());
        Assert.Equal("Welcome to our tutoring program, Maya!", posted["summary"]?.GetValue<string>());
        Assert.Equal("Hi Maya, I'm HitBot", posted["attachments"]?[0]?["content"]?["body"]?[0]?["text"]?.GetValue<string>());
    }

    [Fact]
    public async Task Teams_announcing_an_install_twice_still_welcomes_the_person_once()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya2@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya2@example.org,tutor,,");

        await teams.PostAsync(maya.BotAdded());
        await teams.PostAsync(maya.Installed());

        Assert.Single(await teams.PostedActivitiesAsync());
    }

    [Fact]
    public async Task Someone_not_on_the_roster_who_installs_the_app_is_asked_to_see_their_coordinator()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var stranger = teams.NewUser();
        teams.Connector.AddMember(stranger.UserId, "stranger@example.org", "Sam Stranger");

        await teams.PostAsync(stranger.Installed());

        var card = Assert.Single(await teams.PostedActivitiesAsync());
        Assert.Equal("Please ask your program coordinator to add you", card["summary"]?.GetValue<string>());
        Assert.Contains("ask your program coordinator to add you", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<PeopleDirectory>().All());
    }

    /// <summary>
    /// Sam opened HitBot before the coordinator added him and was told to ask to be added. Once added, HitBot without the
    /// Teams installer has no way to find his chat until he writes: the card told him only to ask, so he waited for HitBot,
    /// and the coordinator saw him "not reached" with nothing either of them could tell was missing.
    /// </summary>
    [Fact]
    public async Task Someone_who_opens_HitBot_before_being_added_is_told_to_write_once_added_and_is_then_answered_by_name()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var sam = teams.NewUser();
        teams.Connector.AddMember(sam.UserId, "sam.early@example.org", "Sam Ortiz");

        await teams.PostAsync(sam.Installed());
        var card = Assert.Single(await teams.PostedActivitiesAsync()).ToJsonString();
        await teams.ImportRosterAsync("Sam Ortiz,sam.early@example.org,tutor,,");
        await teams.PostAsync(sam.Text("hi"));

        Assert.Contains("send me any message", card, StringComparison.Ordinal);
        var answer = (await teams.PostedActivitiesAsync())[1].ToJsonString();
        Assert.Contains("What I can do", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("add you", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_Teams_cannot_say_who_installed_the_app_they_still_get_the_coordinator_card()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var ghost = teams.NewUser();

        var response = await teams.PostAsync(ghost.Installed());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Please ask your program coordinator to add you", Assert.Single(await teams.PostedActivitiesAsync())["summary"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_roster_tutor_whose_look_up_Teams_throttles_is_told_to_try_again_not_to_ask_to_be_added()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya.busy@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya.busy@example.org,tutor,,");
        // Longer than the five seconds a message may wait for it: she is linked in the background afterwards.
        teams.Connector.FailMemberLookups(1, 429, retryAfter: "7");

        var response = await teams.PostAsync(maya.Text("surveys"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await teams.PostedActivitiesAsync());
        Assert.StartsWith("Sorry, I couldn't check who you are in Teams just now", reply["summary"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("ask your program coordinator to add you", reply.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_roster_tutor_who_installs_while_Teams_throttles_the_look_up_is_welcomed_once_linked_not_told_to_ask_to_be_added()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya.install@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya.install@example.org,tutor,,");
        teams.Connector.FailMemberLookups(1, 429, retryAfter: "7");
        var directory = teams.App.Get<PeopleDirectory>();

        await teams.PostAsync(maya.Installed());
        var atOnce = await teams.PostedActivitiesAsync();
        var progress = teams.App.Get<TeamsLinkLater>().Progress;
        teams.App.Time.Advance(TimeSpan.FromSeconds(7));
        await progress.WaitForAsync(() => directory.All().Single().IdentityOn(ChannelKind.Teams) is not null, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        // 08:00 in Chicago: a welcome HitBot queues itself waits for her daytime.
        teams.App.Time.Advance(TimeSpan.FromHours(2));
        var welcome = Assert.Single(await teams.PostedActivitiesAsync());

        Assert.Empty(atOnce);
        Assert.StartsWith("Welcome", welcome["summary"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_install_HitBot_failed_to_store_is_done_when_Teams_sends_it_again()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya.retry@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya.retry@example.org,tutor,,");
        var db = teams.App.Get<HitBotDb>();
        var refused = 0;
        // The disk refuses the write that links her, once: Teams gets a 500 and sends the same activity again.
        db.BeforeEachCommit(() =>
        {
            if (new System.Diagnostics.StackTrace().ToString().Contains(nameof(DirectoryStore), StringComparison.Ordinal) && Interlocked.Increment(ref refused) == 1)
                throw new IOException("No space left on device");
        });
        var install = maya.Installed();

        var failed = await teams.PostAsync(install);
        var again = await teams.PostAsync(install);
        db.BeforeEachCommit(null);

        // The retry was taken for a duplicate of an install already done: she was never linked nor welcomed.
        Assert.Equal((HttpStatusCode.InternalServerError, HttpStatusCode.OK), (failed.StatusCode, again.StatusCode));
        Assert.Equal(maya.UserId, teams.App.Get<PeopleDirectory>().All().Single().IdentityOn(ChannelKind.Teams)?.UserId);
        Assert.StartsWith("Welcome", Assert.Single(await teams.PostedActivitiesAsync())["summary"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_app_forgets_the_Teams_identity_but_keeps_the_person()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya3@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya3@example.org,tutor,,");
        await teams.PostAsync(maya.Installed());

        await teams.PostAsync(maya.Uninstalled());

        var directory = teams.App.Get<PeopleDirectory>();
        Assert.Null(directory.FindByIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = maya.UserId }));
        Assert.Empty(Assert.Single(directory.All()).Identities);
    }

    [Fact]
    public async Task Someone_who_removed_the_app_and_adds_it_again_is_reachable_again_without_a_second_welcome()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya4@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya4@example.org,tutor,,");
        await teams.PostAsync(maya.Installed());
        await teams.PostAsync(maya.Uninstalled());
        var directory = teams.App.Get<PeopleDirectory>();
        Assert.Equal(ReachStates.Blocked, PersonReach.Of(Assert.Single(directory.All())).State);

        await teams.PostAsync(maya.Installed());

        Assert.Equal(ReachStates.Teams, PersonReach.Of(Assert.Single(directory.All())).State);
        Assert.Single(await teams.PostedActivitiesAsync(), a => ((string?)a["summary"])?.StartsWith("Welcome", StringComparison.Ordinal) == true);
    }

    /// <summary>
    /// Teams said the removal only as the bot leaving the personal chat (conversationUpdate, membersRemoved): the People page
    /// must show Maya as having removed HitBot then, not as reached in Teams until a send fails; adding it back brings her back.
    /// </summary>
    [Fact]
    public async Task The_bot_leaving_a_personal_chat_shows_the_person_as_having_removed_HitBot_until_they_add_it_again()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya5@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya5@example.org,tutor,,");
        await teams.PostAsync(maya.Installed());
        var directory = teams.App.Get<PeopleDirectory>();

        var removed = await teams.PostAsync(maya.BotRemoved());
        var afterRemoval = PersonReach.Of(Assert.Single(directory.All()));
        await teams.PostAsync(maya.BotAdded());

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(ReachStates.Blocked, afterRemoval.State);
        Assert.Contains("removed HitBot", afterRemoval.Detail, StringComparison.Ordinal);
        Assert.Equal(ReachStates.Teams, PersonReach.Of(Assert.Single(directory.All())).State);
    }

    [Fact]
    public async Task Typing_help_is_answered_in_the_same_chat()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        var message = maya.Text("help");

        var response = await teams.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(Ct));
        var posted = Assert.Single(await teams.DeliveredAsync(), c => c.Method == "POST");
        Assert.Equal($"/amer/v3/conversations/{maya.ConversationId}/activities", posted.Path);
        Assert.Equal("Here is what I can do", posted.Body?["summary"]?.GetValue<string>());
    }

    [Fact]
    public async Task Teams_resending_a_message_gets_one_reply()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var message = teams.NewUser().Text("help");

        await teams.PostAsync(message);
        var again = await teams.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(await teams.PostedActivitiesAsync());
    }

    [Fact]
    public async Task A_reply_Teams_throttles_goes_out_once_the_Retry_After_has_passed()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.FailNext(1, 429, retryAfter: "7");
        var message = maya.Text("help");

        await teams.PostAsync(message);
        await teams.DeliveredAsync();
        var waiting = teams.Queued($"reply:teams:{message["id"]}|{teams.App.Get<AnonymityKey>().Keyed(maya.ConversationId)[..16]}");
        teams.App.Time.Advance(TimeSpan.FromSeconds(7));
        await teams.WaitForAsync($"reply:teams:{message["id"]}|{teams.App.Get<AnonymityKey>().Keyed(maya.ConversationId)[..16]}", DeliveryState.Sent);
        var posted = await teams.PostedActivitiesAsync();

        Assert.Equal(DeliveryState.Failed, waiting?.State);
        Assert.Equal(teams.App.Time.GetUtcNow().UtcDateTime, waiting?.DueAt);
        Assert.Equal(2, posted.Count);
        Assert.Equal(posted[0].ToJsonString(), posted[1].ToJsonString());
    }

    [Fact]
    public async Task My_items_lists_the_open_items_the_person_owns()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya4@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya4@example.org,site champion,North,");
        var person = Assert.Single(teams.App.Get<PeopleDirectory>().All());
        var plan = teams.App.Get<HitBot.Core.ActionPlan.ActionPlanStore>();
        plan.Save((plan.Find("walkthroughs") ?? throw new InvalidOperationException("seeded step missing")) with { OwnerId = person.Id });
        var message = maya.Text("My items");

        await teams.PostAsync(message);

        Assert.Equal(person.Id, teams.Queued($"reply:teams:{message["id"]}|{teams.App.Get<AnonymityKey>().Keyed(maya.ConversationId)[..16]}")?.PersonId);
        var card = Assert.Single(await teams.PostedActivitiesAsync());
        Assert.Equal("You have 1 open action item", card["summary"]?.GetValue<string>());
        Assert.Contains(card["attachments"]?[0]?["content"]?["body"]?.AsArray() ?? [],
            e => e?["text"]?.GetValue<string>() == "**Conduct Walkthroughs to Assess Tutor Practice**");
    }

    [Fact]
    public async Task A_mention_in_front_of_a_command_is_ignored()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var message = teams.NewUser().Text("<at>HitBot</at> help");

        await teams.PostAsync(message);

        Assert.Equal("Here is what I can do", Assert.Single(await teams.PostedActivitiesAsync())["summary"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_problem_details_and_nothing_is_stored()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        using var content = new StringContent("{\"type\":\"message\",", Encoding.UTF8, "application/json");

        var response = await teams.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, InboundCount(teams));
    }

    [Fact]
    public async Task An_activity_without_a_type_is_refused_with_problem_details()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var activity = teams.NewUser().Text("help");
        activity.Remove("type");

        var response = await teams.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, teams.QueuedCount());
    }

    [Fact]
    public async Task A_body_over_256_KB_is_refused_and_nothing_is_stored()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var activity = teams.NewUser().Text(new string('x', 300 * 1024));

        var response = await teams.PostAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, teams.QueuedCount());
        Assert.Equal(0, InboundCount(teams));
    }

    [Fact]
    public async Task An_activity_type_HitBot_does_not_know_is_acknowledged_and_nothing_is_stored()
    {
        await using var teams = await TeamsTestApp.StartAsync();

        var response = await teams.PostAsync(teams.NewUser().Of("somethingNew"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, teams.QueuedCount());
        Assert.Equal(0, InboundCount(teams));
    }

    /// <summary>Teams sends "typing" while a tutor types to HitBot: a district's log store kept a line for each.</summary>
    [Fact]
    public async Task A_tutor_typing_to_HitBot_writes_nothing_to_the_log()
    {
        var lines = new StartupLogTests.StartupLines(typeof(TeamsActivityHandler).FullName);
        await using var teams = await TeamsTestApp.StartAsync(services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(lines));
        var maya = teams.NewUser();

        foreach (var _ in Enumerable.Range(0, 3)) Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync(maya.Of("typing"))).StatusCode);

        Assert.DoesNotContain(lines.Lines, l => l.Contains("typing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invoke_HitBot_does_not_implement_gets_501_with_no_body()
    {
        await using var teams = await TeamsTestApp.StartAsync();

        var response = await teams.PostAsync(teams.NewUser().Invoke("task/fetch"));

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Only_POST_is_accepted()
    {
        await using var teams = await TeamsTestApp.StartAsync();

        var response = await teams.Client.GetAsync(new Uri("/api/messages", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    static int InboundCount(TeamsTestApp teams) =>
        teams.App.Get<HitBotDb>().Collection<InboundActivity>(InboundStore.Collection).Count();
}
