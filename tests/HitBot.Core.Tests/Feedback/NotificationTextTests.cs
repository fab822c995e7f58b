using HitBot.Core.Feedback;
using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Feedback;

/// <summary>
/// The one line a phone shows in its notification (a card's summary): plain words, as neither Teams nor Slack renders
/// Markdown there, and counts in English ("1 tutor", not "1 tutor(s)").
/// </summary>
public sealed class NotificationTextTests
{
    [Fact]
    public void A_thank_you_written_in_Markdown_notifies_without_its_asterisks()
    {
        var thanks = FeedbackCards.Thanks(new Appreciation { Title = "Thank you!", Message = "Reading scores went up **12%** this term. [See them](https://example.org)." });

        Assert.Equal("Thank you! Reading scores went up 12% this term. See them.", thanks.Summary);
    }

    [Fact]
    public void A_reply_written_in_Markdown_notifies_without_its_asterisks()
    {
        var item = new FeedbackItem { Id = "f1", Number = 12, Text = "Is unit 3 skipped?" };

        var reply = FeedbackCards.ReplyDelivered(item, new FeedbackReply { Text = "_Yes_: unit 3 moves to **spring**." });

        Assert.Equal("A reply from the central team: Yes: unit 3 moves to spring.", reply.Summary);
    }

    [Fact]
    public void Counts_read_as_English_for_one_and_for_many()
    {
        var run = new SurveyRun { Id = "r1", Title = "Pulse" };
        AtRiskPerson Tutor(string id) => new(id, "Maya Lopez", "Lincoln", null, ["unsure"], []);
        InterestedPerson Keen(string id) => new(id, "Maya Lopez", null, null, ["coaching"]);

        Assert.Equal("1 tutor at your site may not stay", SurveyResultCards.AtRisk(run, [Tutor("a")]).Summary);
        Assert.Equal("2 tutors at Grant may not stay", SurveyResultCards.AtRisk(run, [Tutor("a"), Tutor("b")], "Grant").Summary);
        Assert.Equal("1 tutor in your cohort may not stay", SurveyResultCards.CohortAtRisk(run, [Tutor("a")], "CityTutors").Summary);
        Assert.Equal("1 tutor wants a coaching role or more hours", SurveyResultCards.Interested(run, [Keen("a")]).Summary);
        Assert.Equal("2 tutors want a coaching role or more hours", SurveyResultCards.Interested(run, [Keen("a"), Keen("b")]).Summary);
        Assert.Equal("1 open survey", SurveyCards.List([(run, false)], TimeZoneInfo.Utc).Summary);
        Assert.Equal("1 feedback item waits for a reply",
            FeedbackCards.Inbox([new FeedbackItem { Id = "f1", Number = 1, Text = "Hi" }], 1, [], _ => "Maya", TimeZoneInfo.Utc).Summary);
        Assert.Equal("3 feedback items wait for a reply",
            FeedbackCards.Inbox([new FeedbackItem { Id = "f1", Number = 1, Text = "Hi" }], 3, [], _ => "Maya", TimeZoneInfo.Utc).Summary);
        var unread = new UndeliveredReply(new FeedbackItem { Id = "f2", Number = 2, Text = "Hi" }, new FeedbackReply { Id = "r", Text = "Hello" }, null);
        Assert.Equal("1 reply did not arrive", FeedbackCards.Inbox([], 0, [unread], _ => "Maya", TimeZoneInfo.Utc).Summary);
    }
}
