using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Erasure;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Erasure;

/// <summary>
/// Erasing a person who asked to be forgotten, HitBot stopped before each of its commits in turn and started again: she
/// is either still whole (the admin sees her listed and presses Erase again) or gone from every feature, never gone
/// from the directory (so nobody can press again) while still named elsewhere. Erase is one transaction for this.
/// </summary>
public sealed class PersonErasureCrashTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    static readonly FakeTimeProvider Time = new(Now);

    /// <summary>Every store erasure touches, on the file as it is now (after a restart, the reopened one).</summary>
    sealed class App(TempDb temp)
    {
        public DirectoryStore Directory { get; } = new(temp.Db);
        public PersonalTokens Tokens { get; } = new(temp.Db, Time);
        public SurveyStore Surveys { get; } = new(temp.Db, temp.AnonymityKey());
        public FeedbackStore Feedback { get; } = new(temp.Db);
        public UpdateStore Updates { get; } = new(temp.Db);
        public ActionPlanStore Plan { get; } = new(temp.Db);
        public OutboxStore Outbox { get; } = new(temp.Db, new OutboxSignal());
        public PersonErasure Erasure => new(temp.Db, Directory, Tokens, Surveys, Feedback, Updates, Plan, Outbox);
    }

    /// <summary>
    /// Maya, named in every feature: a token (returned), a named answer, feedback, a reply she wrote, a reaction, an item,
    /// a message to her and one naming her.
    /// </summary>
    static string MayaEverywhere(TempDb temp)
    {
        var app = new App(temp);
        var maya = Person(app, "maya", Roles.CentralTeam);
        var ben = Person(app, "ben", Roles.Tutor);
        app.Surveys.Save(new SurveyRun
        {
            Id = "r1", SurveyId = "pulse", Title = "Pulse", Audience = new Audience { People = ["maya", "ben"] }, OpensAt = Now.UtcDateTime.AddDays(-1),
            ClosesAt = Now.UtcDateTime.AddDays(6), Status = RunStatus.Open, CreatedAt = Now.UtcDateTime.AddDays(-2),
        });
        app.Surveys.Save(new SurveyResponse { Id = "r1:maya", RunId = "r1", PersonId = "maya", Answers = new() { ["q1"] = "4" }, SubmittedAt = Now.UtcDateTime });
        var inbox = new FeedbackInbox(app.Feedback, app.Outbox, Time);
        inbox.Submit("f-maya", "A question from Maya", anonymous: false, "maya", maya.Identities[0], updateId: null);
        inbox.Submit("f-ben", "A question from Ben", anonymous: false, "ben", ben.Identities[0], updateId: null);
        inbox.Reply("f-ben", "Maya's answer", "maya");
        app.Updates.Save(new Update { Id = "u1", Title = "Week 12", Body = "Sessions resume Monday.", Audience = new Audience { People = ["maya", "ben"] } });
        app.Outbox.EnqueueMany([Delivery.Send("update:u1:maya", "update:u1", "maya", maya.Identities[0], Message.Text("Week 12"), Now)]);
        app.Updates.React("u1", "maya", Reaction.Helpful, Now);
        app.Plan.Save(new ActionItem
        {
            Id = "i1", Title = "Train site leads", OwnerId = "maya",
            History = [new ItemNote { PersonId = "maya", Text = "Maya Lopez took this on", At = Now.UtcDateTime }],
        });
        // A card to Ben that names Maya, not sent yet: it must never go.
        app.Outbox.TryEnqueue(Delivery.Send("note:ben", "notes", "ben", ben.Identities[0], Message.Text("Maya Lopez will call you"), Now));
        return app.Tokens.Issue("maya");
    }

    static Person Person(App app, string id, string role)
    {
        var person = new Person { Id = id, Name = id == "maya" ? "Maya Lopez" : id, Email = id + "@example.org", Roles = [role] }
            .WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id }, Now);
        app.Directory.Save(person);
        return person;
    }

    /// <summary>Where Maya is still found; empty once she is fully erased.</summary>
    static List<string> Traces(App app, string token)
    {
        var traces = new List<string>();
        if (app.Directory.Find("maya") is not null) traces.Add("directory");
        if (app.Tokens.PersonIdFor(token) is not null) traces.Add("token");
        if (app.Surveys.ResponsesTo("r1").Any(r => r.PersonId == "maya")) traces.Add("named answer");
        if (app.Surveys.FindRun("r1")!.Audience.People.Contains("maya")) traces.Add("run audience");
        if (app.Feedback.Find("f-maya")!.PersonId == "maya") traces.Add("feedback");
        if (app.Feedback.Find("f-ben")!.Replies.Any(r => r.ByPersonId == "maya")) traces.Add("reply author");
        if (app.Updates.ReactionOf("u1", "maya") is not null) traces.Add("reaction");
        if (app.Updates.Find("u1")!.Audience.People.Contains("maya")) traces.Add("update audience");
        if (app.Plan.Find("i1")!.OwnerId == "maya") traces.Add("item owner");
        if (app.Plan.Find("i1")!.History.Any(h => h.PersonId == "maya" || h.Text.Contains("Maya Lopez", StringComparison.Ordinal))) traces.Add("item history");
        if (app.Outbox.Find("update:u1:maya") is not null) traces.Add("delivery");
        if (app.Outbox.MessageOf(app.Outbox.Find("note:ben")!) is { } note && MessageJson.Serialize(note).Contains("Maya Lopez", StringComparison.Ordinal))
            traces.Add("card naming her");
        return traces;
    }

    [Fact]
    public void An_erasure_stopped_anywhere_leaves_the_person_whole_or_fully_erased_and_pressing_again_finishes_it()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var temp = new TempDb();
            var token = MayaEverywhere(temp);
            var all = Traces(new App(temp), token);
            Assert.Equal(12, all.Count); // every place Traces looks holds her, so each one can catch a half-erasure

            var stopped = temp.StopsBeforeCommit(commit, () => new App(temp).Erasure.Erase("maya"));

            var why = $"stopped before commit {commit}";
            var app = new App(temp);
            var traces = Traces(app, token);
            Assert.True(traces.Count == 0 || traces.Count == all.Count, $"{why}: half-erased, still in {string.Join(", ", traces)}");
            if (traces.Count > 0) app.Erasure.Erase("maya");
            Assert.True(Traces(app, token).Count == 0, $"{why}, erased again: still in {string.Join(", ", Traces(app, token))}");
            Assert.True(app.Outbox.Find("note:ben")?.State == DeliveryState.Dead, $"{why}: Ben's card naming her is {app.Outbox.Find("note:ben")?.State}");
            if (!stopped) break;
            stops++;
        }
        // Erase is one transaction: one stopping point, before it. Were it split, there would be more, and the check above would catch a half-erased person.
        Assert.True(stops >= 1, $"only {stops} stopping points");
    }
}
