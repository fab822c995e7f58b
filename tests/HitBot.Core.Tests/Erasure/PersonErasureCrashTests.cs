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
/// is either still whole (stopped before the first commit: the admin sees her listed and presses Erase again) or the
/// start finishes her erasure, never leaving her half-erased, sending her or a card naming her anything meanwhile, or
/// touching anyone else's rows. The erasure is many small commits, so each stop lands between two of its parts or chunks.
/// </summary>
public sealed class PersonErasureCrashTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    static readonly FakeTimeProvider Time = new(Now);

    /// <summary>Every store erasure touches, on the file as it is now (after a restart, the reopened one).</summary>
    internal sealed class App(TempDb temp)
    {
        public DirectoryStore Directory { get; } = new(temp.Db);
        public PersonalTokens Tokens { get; } = new(temp.Db, Time);
        public AnonymityKey AnonymityKey { get; } = temp.AnonymityKey();
        public SurveyStore Surveys => surveys ??= new(temp.Db, AnonymityKey);
        SurveyStore? surveys;
        public FeedbackStore Feedback { get; } = new(temp.Db);
        public UpdateStore Updates { get; } = new(temp.Db);
        public SeriesStore Series { get; } = new(temp.Db);
        public AppreciationStore Thanks { get; } = new(temp.Db);
        public ActionPlanStore Plan { get; } = new(temp.Db);
        public OutboxStore Outbox { get; } = new(temp.Db, new OutboxSignal());
        public ErasureStore Records { get; } = new(temp.Db);
        public ReplyAddressSeal Seal => new(AnonymityKey);
        public PersonErasure Erasure => new(temp.Db, Records, Directory, Tokens, Surveys, Feedback, Updates, Series, Thanks, Plan, Outbox, Seal, Time, []);
    }

    /// <summary>
    /// Maya, named in every feature: a token (returned), a named answer, feedback, a reply she wrote, a reaction, an item,
    /// a message to her and one naming her. Ben has an update of his own waiting.
    /// </summary>
    internal static string MayaEverywhere(TempDb temp)
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
        var inbox = new FeedbackInbox(app.Feedback, app.Outbox, app.Seal, Time);
        inbox.Submit("f-maya", "A question from Maya", anonymous: false, "maya", maya.Identities[0], updateId: null);
        inbox.Submit("f-ben", "A question from Ben", anonymous: false, "ben", ben.Identities[0], updateId: null);
        inbox.Reply("f-ben", "Maya's answer", "maya");
        // Sent anonymously: no person on it, only her chat to answer in, and a reply to it queued there.
        inbox.Submit("f-anon", "An anonymous note", anonymous: true, "maya", maya.Identities[0], updateId: null);
        inbox.Reply("f-anon", "Thanks for telling us", "ben");
        app.Updates.Save(new Update { Id = "u1", Title = "Week 12", Body = "Sessions resume Monday.", Audience = new Audience { People = ["maya", "ben"] } });
        // A draft she saved last: the dashboard names her to a colleague whose save came after hers.
        app.Updates.Save(new Update
        {
            Id = "u2", Title = "Week 13", Body = "Room 4.", Audience = new Audience { Roles = [Roles.Tutor] }, DraftSavedBy = "maya", DraftSavedAt = Now.UtcDateTime, EditedBy = "maya",
        });
        app.Thanks.Save(new Appreciation { Id = "t1", Message = "Thank you for a great term!", Audience = new Audience { People = ["maya", "ben"] } });
        app.Outbox.EnqueueMany([.. new[] { maya, ben }.Select(p => Delivery.Send($"update:u1:{p.Id}", "update:u1", p.Id, p.Identities[0], Message.Text("Week 12"), Now))]);
        app.Updates.React("u1", "maya", Reaction.Helpful, Now);
        app.Plan.Save(new ActionItem
        {
            Id = "i1", Title = "Train site leads", OwnerId = "maya",
            History = [new ItemNote { PersonId = "maya", Text = "Maya Lopez took this on", At = Now.UtcDateTime }],
        });
        // A card to Ben that names Maya, not sent yet: it must never go.
        app.Outbox.TryEnqueue(Delivery.Send("note:ben", "notes", "ben", ben.Identities[0], Message.Text("Maya Lopez will call you"), Now));
        return app.Tokens.Issue("maya").Token;
    }

    static Person Person(App app, string id, string role)
    {
        var person = new Person { Id = id, Name = id == "maya" ? "Maya Lopez" : id, Email = id + "@example.org", Roles = [role] }
            .WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id }, Now);
        app.Directory.Save(person);
        return person;
    }

    /// <summary>Where Maya is still found; empty once she is fully erased.</summary>
    internal static List<string> Traces(App app, string token)
    {
        var traces = new List<string>();
        if (app.Directory.Find("maya") is not null) traces.Add("directory");
        if (app.Tokens.PersonIdFor(token) is not null) traces.Add("token");
        if (app.Surveys.ResponsesTo("r1").Any(r => r.PersonId == "maya")) traces.Add("named answer");
        if (app.Surveys.FindRun("r1")!.Audience.People.Contains("maya")) traces.Add("run audience");
        if (app.Feedback.Find("f-maya")!.PersonId == "maya") traces.Add("feedback");
        if (app.Feedback.Find("f-ben")!.Replies.Any(r => r.ByPersonId == "maya")) traces.Add("reply author");
        if (app.Feedback.Find("f-anon") is { } anon && (anon.ReplyTo is not null || anon.SealedReplyTo is not null || anon.ReplyToKey is not null))
            traces.Add("anonymous feedback's chat");
        // A private reply delivered before the erasure began keeps no chat (OutboxStore.Forgotten): it reaches nobody.
        if (app.Outbox.ForCampaign(FeedbackInbox.ReplyCampaignPrefix + "f-anon").Any(d => d.Address.UserId.Length > 0)) traces.Add("reply to her chat");
        if (app.Updates.ReactionOf("u1", "maya") is not null) traces.Add("reaction");
        if (app.Updates.Find("u1")!.Audience.People.Contains("maya")) traces.Add("update audience");
        if (app.Updates.Find("u2")!.DraftSavedBy == "maya") traces.Add("draft's last editor");
        if (app.Updates.Find("u2")!.EditedBy == "maya") traces.Add("update's last corrector");
        if (app.Thanks.Find("t1")!.Audience.People.Contains("maya")) traces.Add("thank-you audience");
        if (app.Plan.Find("i1")!.OwnerId == "maya") traces.Add("item owner");
        if (app.Plan.Find("i1")!.History.Any(h => h.PersonId == "maya" || h.Text.Contains("Maya Lopez", StringComparison.Ordinal))) traces.Add("item history");
        if (app.Outbox.Find("update:u1:maya") is not null) traces.Add("delivery");
        if (app.Outbox.MessageOf(app.Outbox.Find("note:ben")!) is { } note && MessageJson.Serialize(note).Contains("Maya Lopez", StringComparison.Ordinal))
            traces.Add("card naming her");
        return traces;
    }

    static readonly string[] MayaClues = ["\"maya\"", ":maya", "Maya Lopez", "maya@example.org"];

    /// <summary>Documents anywhere in the file that still lead to her: her id, name, e-mail or chat id (the erasure record included).</summary>
    static List<string> Clues(TempDb temp) =>
    [
        .. temp.Db.AllDocuments()
            .Where(d => MayaClues.Any(clue => d.Json.Contains(clue, StringComparison.Ordinal)))
            .Select(d => $"{d.Collection}: {d.Json}"),
    ];

    [Fact]
    public void An_erasure_stopped_anywhere_is_finished_at_the_next_start_and_nothing_of_hers_or_naming_her_is_sent_meanwhile()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var temp = new TempDb();
            var token = MayaEverywhere(temp);
            var all = Traces(new App(temp), token);
            Assert.Equal(17, all.Count); // every place Traces looks holds her, so each one can catch a half-erasure

            var stopped = temp.StopsBeforeCommit(commit, () => new App(temp).Erasure.Erase("maya"));

            var why = $"stopped before commit {commit}";
            var app = new App(temp);
            var begun = app.Directory.Find("maya") is null;
            // The dispatcher's first claim after the start, before the erasure is finished: once begun, nothing of hers or naming her goes.
            var sent = new List<string>();
            foreach (var claimed in app.Outbox.ClaimDue(Now, 100))
            {
                if (app.Outbox.DropIfCancelled(claimed)) continue;
                Assert.False(begun && (claimed.PersonId == "maya" || claimed.Address.UserId == "29:maya" || claimed.Id == "note:ben"), $"{why}: {claimed.Id} would be sent");
                app.Outbox.MarkSent(claimed, new SentMessage("a:x", "1:" + claimed.Id), Now);
                sent.Add(claimed.Id);
            }
            var finished = app.Erasure.FinishInterrupted();
            Assert.Equal(begun && stopped ? ["maya"] : [], finished);
            var traces = Traces(app, token);
            // Her anonymous item's reply, sent just now, kept no chat once delivered: that is not a half-erasure.
            var whole = sent.Any(id => id.StartsWith(FeedbackInbox.ReplyKeyPrefix + "f-anon:", StringComparison.Ordinal)) ? all.Count - 1 : all.Count;
            Assert.True(traces.Count == 0 || traces.Count == whole, $"{why}, then started: half-erased, still in {string.Join(", ", traces)}");
            if (traces.Count > 0) app.Erasure.Erase("maya");

            Assert.True(Traces(app, token).Count == 0, $"{why}, finished: still in {string.Join(", ", Traces(app, token))}");
            Assert.True(Clues(temp).Count == 0, $"{why}, finished: {string.Join("\n", Clues(temp))}");
            // Sent before her erasure began (a stop before its first commit), it keeps its outcome; otherwise it is given up.
            var noteState = sent.Contains("note:ben") ? DeliveryState.Sent : DeliveryState.Dead;
            Assert.True(app.Outbox.Find("note:ben")?.State == noteState, $"{why}: Ben's card naming her is {app.Outbox.Find("note:ben")?.State}");
            Assert.Contains(app.Outbox.Find("update:u1:ben")?.State, new DeliveryState?[] { DeliveryState.Queued, DeliveryState.Sent });
            Assert.Equal("Week 12", app.Updates.Find("u1")!.Title);
            Assert.Equal("An anonymous note", app.Feedback.Find("f-anon")!.Text);
            Assert.Equal(["ben"], app.Surveys.FindRun("r1")!.Audience.People);
            Assert.Equal(["ben"], app.Thanks.Find("t1")!.Audience.People);
            var again = app.Outbox.ClaimDue(Now, 100).Select(d => d.Id).ToList();
            Assert.True(!again.Intersect(sent).Any(), $"{why}: sent twice: {string.Join(", ", again.Intersect(sent))}");
            Assert.DoesNotContain("note:ben", again);
            if (!stopped) break;
            stops++;
        }
        // A first commit (the record, her tokens and entry), a chunk per part, the record's deletion: one stop is one transaction.
        Assert.True(stops >= 8, $"only {stops} stopping points");
    }
}
