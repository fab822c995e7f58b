using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Tests.Surveys;
using HitBot.Core.Tests.Updates;
using static HitBot.Core.Tests.Erasure.NameAudits.AuditedPeople;

namespace HitBot.Core.Tests.Erasure.NameAudits;

/// <summary>
/// Writers that name nobody but their recipient, run with the name audit on: a later change that adds someone else's
/// name (a "from", a site champion's name) without declaring it fails here. The texts are the coordinator's own, free of names.
/// </summary>
public sealed class NamelessWriterAuditTests
{
    // Wednesday 09:00 in Chicago.
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Survey_reminders_name_nobody_they_do_not_declare()
    {
        using var app = new SurveyRunnerUnderTest(Now);
        Save(app.Directory, "zelda", "Zelda Quill", Roles.Tutor, Now, site: "north");
        Save(app.Directory, "sol", "Sol Varga", Roles.Tutor, Now, site: "north");
        Save(app.Directory, "otto", "Otto Brindle", Roles.CentralTeam, Now);
        var opened = Now.UtcDateTime.AddDays(-4);
        var run = new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", opened).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = opened, ClosesAt = opened.AddDays(9),
            Status = RunStatus.Open, ReminderEveryDays = 3, MaxReminders = 2, CreatedAt = opened.AddDays(-1),
        };
        app.Surveys.Save(run);
        // Zelda had her card at opening and is reminded; Sol joined since and gets the invitation itself.
        var zelda = app.Directory.Find("zelda")!;
        app.Outbox.EnqueueMany([Delivery.Send($"{run.Campaign}:zelda", run.Campaign, "zelda", zelda.Identities[0], Message.Text("survey"), opened)]);
        var audit = Audit(app.Db);

        app.Runner.Look(Now.UtcDateTime);

        Assert.Equal(["zelda"], app.Outbox.ForCampaign(run.Campaign + ":reminders").Select(d => d.PersonId));
        Assert.Contains(app.Outbox.ForCampaign(run.Campaign), d => d.PersonId == "sol");
        Assert.Empty(audit.Undeclared);
    }

    /// <summary>A weekly update to roles, and a site's message (an update to everyone at one site).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_weekly_update_names_nobody_it_does_not_declare(bool toTheSite)
    {
        using var app = new UpdatesUnderTest(Now);
        Save(app.Directory, "zelda", "Zelda Quill", Roles.Tutor, Now, site: "north");
        Save(app.Directory, "sol", "Sol Varga", Roles.SiteChampion, Now, site: "north");
        Save(app.Directory, "otto", "Otto Brindle", Roles.CentralTeam, Now);
        app.Draft("u1", toTheSite ? new Audience { Sites = ["north"] } : new Audience { Roles = [Roles.Tutor, Roles.SiteChampion] });
        var audit = Audit(app.Db);

        app.Sender.Send("u1");

        Assert.Equal(2, app.Outbox.ForCampaign("update:u1").Count);
        Assert.Empty(audit.Undeclared);
    }

    [Fact]
    public void A_thank_you_names_nobody_it_does_not_declare()
    {
        using var app = new UpdatesUnderTest(Now);
        Save(app.Directory, "zelda", "Zelda Quill", Roles.Tutor, Now, site: "north");
        Save(app.Directory, "sol", "Sol Varga", Roles.Tutor, Now, site: "north");
        Save(app.Directory, "otto", "Otto Brindle", Roles.CentralTeam, Now);
        var thanks = new AppreciationSender(new AppreciationStore(app.Db), new AudienceResolver(app.Directory), app.Outbox, app.Budget, app.Time);
        var audit = Audit(app.Db);

        var report = thanks.Send(new AppreciationRequest("t1", "Thank you!", "Every session counted this term.", new Audience { Roles = [Roles.Tutor] }));

        Assert.Equal(2, report.Queued);
        Assert.Empty(audit.Undeclared);
    }

    [Fact]
    public void A_name_the_coordinator_typed_into_an_update_is_let_through_only_when_the_test_says_it_was_typed()
    {
        using var app = new UpdatesUnderTest(Now);
        Save(app.Directory, "zelda", "Zelda Quill", Roles.Tutor, Now, site: "north");
        Save(app.Directory, "sol", "Sol Varga", Roles.Tutor, Now, site: "north");
        app.Updates.Save(app.Draft("u1", new Audience { Roles = [Roles.Tutor] }) with { Body = "Congratulations to Zelda Quill on 100 sessions!" });
        var audit = Audit(app.Db);
        audit.Typed("zelda");

        app.Sender.Send("u1");

        // Sol's copy shows Zelda's name, typed by the coordinator, not read from the directory by the writer.
        Assert.Equal(2, app.Outbox.ForCampaign("update:u1").Count);
        Assert.Empty(audit.Undeclared);
    }
}
