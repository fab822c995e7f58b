using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Chat through the real Teams pipeline with the outbox's name audit on (HitBotDb.NameAudit): every row the adapter
/// queues (a welcome, the feedback inbox's answer, a reply's confirmation, the reply itself) names nobody but its recipient
/// unless it declares them. Slack's slash-command answers go back in the HTTP response, not through the outbox, and are
/// not audited here. The names are distinctive, as the audit matches substrings.
/// </summary>
public sealed class NameAuditChatTests : IAsyncLifetime
{
    TeamsTestApp teams = null!;
    TeamsActivities zelda = null!;
    TeamsActivities otto = null!;
    NameAudit audit = null!;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        zelda = teams.NewUser();
        otto = teams.NewUser();
        teams.Connector.AddMember(zelda.UserId, "zelda.quill@district.test", "Zelda Quill");
        teams.Connector.AddMember(otto.UserId, "otto.brindle@district.test", "Otto Brindle");
        await teams.ImportRosterAsync(
            "Zelda Quill,zelda.quill@district.test,tutor,lincoln,citytutors\n" +
            "Sol Varga,sol.varga@district.test,site champion,lincoln,\n" +
            "Otto Brindle,otto.brindle@district.test,central team,,");
        var directory = teams.App.Get<DirectoryStore>();
        audit = new NameAudit(() => directory.Everyone().Select(p => (p.Id, p.Name, p.Email)));
        teams.App.Get<HitBotDb>().NameAudit = audit;
    }

    public async ValueTask DisposeAsync() => await teams.DisposeAsync();

    [Fact]
    public async Task Welcomes_the_inbox_answer_and_a_reply_from_chat_declare_every_name_they_show()
    {
        await teams.PostAsync(zelda.Installed());
        await teams.PostAsync(otto.Installed());
        await teams.PostAsync(zelda.Text("feedback Can we get more grade 4 materials?"));

        await teams.PostAsync(otto.Text("feedback inbox"));
        await teams.PostAsync(otto.Text("reply 1 Yes, a box arrives Monday."));

        Assert.NotNull(teams.Queued($"welcome:teams:{zelda.UserId}"));
        var posted = await teams.PostedActivitiesAsync();
        Assert.Contains(posted, p => p.ToJsonString().Contains("Zelda Quill", StringComparison.Ordinal));
        Assert.Single(teams.App.Get<OutboxStore>().ForCampaign(FeedbackInbox.ReplyCampaignPrefix + Assert.Single(teams.App.Get<FeedbackStore>().NewestFirst(FeedbackStore.InInbox)).Id));
        Assert.Empty(audit.Undeclared);
        Assert.True(audit.DeclaredSeen > 0, "no queued row named anyone: the audit checked nothing");
    }
}
