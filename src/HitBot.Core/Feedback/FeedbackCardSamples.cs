using HitBot.Core.Messaging;

namespace HitBot.Core.Feedback;

public sealed class FeedbackCardSamples : ICardSamples
{
    public IEnumerable<CardSample> Samples()
    {
        var at = new DateTime(2026, 3, 10, 15, 30, 0, DateTimeKind.Utc);
        var item = new FeedbackItem
        {
            Id = "fb-sample", Number = 12, Text = "The new pacing guide for grade 6 skips unit 3. Is that on purpose?",
            PersonId = "p-maya", Status = FeedbackStatus.New, CreatedAt = at,
        };
        var anonymous = item with { Id = "fb-sample-2", Number = 13, Text = "Sessions on Fridays are hard to staff.", PersonId = null, Anonymous = true };
        var reply = new FeedbackReply { Id = "r", Text = "Yes: unit 3 moves to the spring. The updated guide is on the portal.", At = at.AddHours(2) };
        yield return new CardSample("feedback-form", FeedbackCards.Form(token: "sample", inPlace: true));
        yield return new CardSample("feedback-question-form", FeedbackCards.Form("sample", "Week 12: sessions resume Monday", "sample", inPlace: true));
        yield return new CardSample("feedback-offer", FeedbackCards.Offer(item with { Status = FeedbackStatus.Offered, Number = 0 }));
        // Written in the thread under an update: offered as a question about it.
        yield return new CardSample("feedback-offer-about-update", FeedbackCards.Offer(
            item with { Status = FeedbackStatus.Offered, Number = 0, OfferedAboutUpdateId = "sample" }, updateTitle: "Week 12: sessions resume Monday"));
        yield return new CardSample("feedback-offer-under-withdrawn-update", FeedbackCards.Offer(
            item with { Status = FeedbackStatus.Offered, Number = 0 }, underWithdrawnUpdate: true));
        yield return new CardSample("feedback-offer-stop", FeedbackCards.Offer(
            item with { Status = FeedbackStatus.Offered, Number = 0, Text = "Please stop sending me these on weekends" }, offersStop: true));
        yield return new CardSample("feedback-ack", FeedbackCards.Acknowledgement(item));
        yield return new CardSample("feedback-ack-anonymous", FeedbackCards.Acknowledgement(anonymous));
        yield return new CardSample("feedback-reply", FeedbackCards.ReplyDelivered(item, reply));
        var answered = item with { Id = "fb-sample-3", Number = 9, Status = FeedbackStatus.Replied, Replies = [reply] };
        yield return new CardSample("feedback-inbox", FeedbackCards.Inbox([anonymous, item], total: 2,
            [new UndeliveredReply(answered, reply, "The person removed or blocked the app.")],
            i => i.Anonymous ? "anonymous" : "Maya Lopez", TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")));
        yield return new CardSample("thank-you", FeedbackCards.Thanks(new Appreciation
        {
            Id = "sample", Title = "Thank you!", Message = "Your students' reading scores went up **12%** this term. That's your work. Thank you for showing up every week.",
        }));
        yield return new CardSample("feedback-reply-form", FeedbackCards.ReplyForm(item, inPlace: true));
        // Sent after another coordinator had answered: their reply above, the one typed given back.
        var typed = new string('x', FeedbackItem.MaxText);
        yield return new CardSample("feedback-reply-form-answered-since", FeedbackCards.ReplyForm(answered, inPlace: true,
            FeedbackCards.SinceShown(answered, seen: 0, typed, who: _ => "Omar Diaz", at: _ => "at 09:30 on Tue 10 Mar"), typed));
    }
}
