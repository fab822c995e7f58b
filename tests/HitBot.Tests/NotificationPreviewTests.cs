using HitBot.Core.ActionPlan;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Slack;
using HitBot.Teams;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests;

/// <summary>
/// What a phone shows before the chat is opened, through the real renderers: Teams' activity summary and Slack's top-level
/// text, read as Slack shows it (its three entities turned back into characters). Both must say the same plain words.
/// </summary>
public sealed class NotificationPreviewTests : IDisposable
{
    readonly HitBotApp app = new();

    public void Dispose() => app.Dispose();

    /// <summary>Every message in the gallery, by sample name, and the line a tutor or coordinator sees on the lock screen.</summary>
    static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["action-plan-digest"] = "Action plan this week: 1 due, 1 overdue, 1 blocked · Feedback waiting for a reply: 3",
        ["feedback-ack"] = "Thanks, your message is with the central team",
        ["feedback-ack-anonymous"] = "Thanks, your message is with the central team",
        ["feedback-form"] = "Feedback for the central team",
        ["feedback-inbox"] = "2 feedback items wait for a reply",
        ["feedback-offer"] = "Shall I pass this on to the central team?",
        ["feedback-offer-under-withdrawn-update"] = "Shall I pass this on to the central team?",
        ["feedback-offer-stop"] = "Shall I pass this on to the central team?",
        ["feedback-offer-about-update"] = "Shall I pass this on to the central team?",
        ["feedback-question-form"] = "Ask a question",
        ["feedback-reply"] = "A reply from the central team: Yes: unit 3 moves to the spring. The updated guide is on the portal.",
        ["feedback-reply-form"] = "Reply to #12",
        ["feedback-reply-form-answered-since"] = "Reply to #9",
        ["help"] = "Here is what I can do",
        ["help-unknown"] = "Here is what I can do",
        ["item-blocked-form"] = "Action item: Align Tutoring with Curriculum & School Policies",
        ["item-changed"] = "Action item: Align Tutoring with Curriculum & School Policies (in progress)",
        ["item-escalation"] = "Blocked: Establish Instructional Routines",
        ["item-escalations-together"] = "4 action items blocked or overdue",
        ["item-meeting-pre-read"] = "Meeting reminder: Conduct Regular Data Reflection Meetings, Thu 12 Mar 2026",
        ["item-new-for-you"] = "New for you: Establish Instructional Routines",
        ["item-new-together"] = "New for you: 3 action items",
        ["item-note-form"] = "Action item: Align Tutoring with Curriculum & School Policies",
        ["item-reminder"] = "Overdue action item: Align Tutoring with Curriculum & School Policies, due Sat 7 Mar 2026",
        ["item-reminders-together"] = "Reminder: 8 action items need a look",
        ["my-items"] = "You have 3 open action items",
        ["my-items-empty"] = "You have no open action items",
        ["my-items-last"] = "You have 8 open action items",
        ["my-items-more"] = "You have 8 open action items",
        ["notice"] = "Sorry, this button no longer works. Type help to see what I can do.",
        ["phase-announcement"] = "The program is now in Initial implementation",
        ["series-nothing-queued"] = "Nothing queued for \"Tutor newsletter\"",
        ["series-nothing-queued-late-slot"] = "Nothing queued for \"Tutor newsletter\"",
        ["series-missed"] = "No issue of \"Tutor newsletter\" went out for 2 slots",
        ["survey"] = "Survey: Tutor retention pulse — 6 questions, tap to answer",
        ["survey-partner-lead"] = "Survey: Tutor retention pulse — 6 questions, tap to answer",
        ["survey-reminder"] = "Anonymous survey reminder: Tutor retention pulse — 6 questions, tap to answer",
        ["survey-change"] = "Survey: Tutor retention pulse — 6 questions, tap to answer",
        ["survey-thank-you"] = "Thank you for answering Tutor retention pulse",
        ["survey-closed"] = "Tutor retention pulse closed on Mon 16 Mar, 17:00 Chicago time, so answers are no longer recorded. Thank you all the ...",
        ["surveys-list"] = "2 open surveys",
        ["survey-summary"] = "Tutor retention pulse closed: 31 responses",
        ["survey-at-risk"] = "1 tutor at your site may not stay",
        ["survey-at-risk-no-champion"] = "1 tutor at Grant Middle may not stay",
        ["survey-at-risk-champions"] = "1 tutor at Lincoln Elementary may not stay",
        ["survey-at-risk-cohort"] = "1 tutor in your cohort may not stay",
        ["survey-interested"] = "1 tutor wants a coaching role or more hours",
        ["thank-you"] = "Thank you! Your students' reading scores went up 12% this term. That's your work. Thank yo…",
        ["update"] = "Update: Week 12: sessions resume Monday",
        ["update-reacted"] = "Update: Week 12: sessions resume Monday",
        ["update-edited"] = "Update: Week 12: sessions resume Monday",
        ["updates-list"] = "The latest updates",
        ["updates-digest"] = "3 updates you have not seen",
        ["update-compose"] = "Post an update",
        ["update-compose-partner-lead"] = "Post an update",
        ["update-confirm"] = "Ready to send? It reaches 212 people",
        ["update-sent"] = "Sent: Week 12: sessions resume Monday is on its way to 212 people.",
        ["welcome"] = "Welcome to Riverside Tutoring Program, Maya!",
        ["welcome-unknown"] = "Please ask your program coordinator to add you",
        ["welcome-left"] = "You are no longer on the program's roster",
    };

    [Fact]
    public void Every_kind_of_message_says_on_the_lock_screen_what_it_is_in_plain_words()
    {
        var samples = app.Services.GetServices<ICardSamples>().SelectMany(s => s.Samples()).ToList();

        var wrong = samples
            .Select(s => (s.Name, Teams: TeamsPreview(s.Message), Slack: SlackPreview(s.Message), Expected: Expected.GetValueOrDefault(s.Name)))
            .Where(p => p.Teams != p.Expected || p.Slack != p.Expected)
            .Select(p => $"{p.Name}: Teams '{p.Teams}', Slack '{p.Slack}', expected '{p.Expected ?? "(a line in this table)"}'")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void A_reply_to_anonymous_feedback_keeps_its_words_off_the_lock_screen()
    {
        var item = new FeedbackItem { Id = "f1", Number = 7, Text = "My site lead shouts at tutors.", Anonymous = true };

        var reply = FeedbackCards.ReplyDelivered(item, new FeedbackReply { Id = "r1", Text = "We are sorry. We will talk to the site lead this week." });

        Assert.Equal("A reply from the central team to your anonymous feedback: open the chat to read it", TeamsPreview(reply));
        Assert.Equal(TeamsPreview(reply), SlackPreview(reply));
    }

    [Fact]
    public void An_action_item_reminder_says_when_it_is_due_in_words()
    {
        var today = new DateOnly(2026, 3, 9);
        var item = new ActionItem { Id = "i1", Title = "Recruit Tutors", DueDate = today, Status = ItemStatus.NotStarted };
        var meeting = item with { Id = "m1", Title = "Data reflection meeting", SeriesId = "reflection" };

        Assert.Equal("Action item due today: Recruit Tutors", TeamsPreview(ActionItemCards.Item(item, today, ActionItemCards.Occasion.Reminder)));
        Assert.Equal("Action item reminder: Recruit Tutors, due Mon 16 Mar 2026",
            TeamsPreview(ActionItemCards.Item(item with { DueDate = today.AddDays(7) }, today, ActionItemCards.Occasion.Reminder)));
        Assert.Equal("Meeting today: Data reflection meeting", TeamsPreview(ActionItemCards.Item(meeting, today, ActionItemCards.Occasion.Reminder)));
        Assert.Equal("Action item: Recruit Tutors (blocked)",
            TeamsPreview(ActionItemCards.Item(item with { Status = ItemStatus.Blocked, BlockedReason = "No rooms" }, today, ActionItemCards.Occasion.Changed)));
    }

    [Fact]
    public void A_notice_written_in_Markdown_reaches_the_lock_screen_in_plain_words()
    {
        var notice = Message.Text("Type _help_ or read [the guide](https://example.org/guide) for Q&A.\nSecond line.");

        Assert.Equal("Type help or read the guide for Q&A.", TeamsPreview(notice));
        Assert.Equal("Type help or read the guide for Q&A.", SlackPreview(notice));
    }

    [Fact]
    public void A_card_without_a_summary_still_tells_Teams_what_it_is()
    {
        var message = new Message("", new Card("Week 12: sessions resume Monday", [new TextBlock("Sessions resume on Monday.")], []));

        var activity = AdaptiveCardRenderer.Activity(message);

        Assert.Equal("Week 12: sessions resume Monday", (string?)activity["summary"]);
        Assert.Equal("Week 12: sessions resume Monday", (string?)activity["attachments"]?[0]?["content"]?["fallbackText"]);
    }

    static string? TeamsPreview(Message message) => (string?)AdaptiveCardRenderer.Activity(message)["summary"];

    /// <summary>Slack's text as the notification shows it: Slack turns its three entities back into the characters.</summary>
    static string? SlackPreview(Message message) => ((string?)BlockKitRenderer.Message(message)["text"])?
        .Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
}
