using HitBot.Core.Directory;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// "latest update", "updates" and the Slack Home tab read the newest updates sent, and the overview those of the past
/// week, down the send-time index: the order is when they went, not when they were written, and a draft is never among them.
/// </summary>
public sealed class NewestUpdatesTests : IDisposable
{
    static readonly Audience Tutors = new() { Roles = [Roles.Tutor] };
    readonly UpdatesUnderTest app = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_newest_sent_comes_first_whenever_it_was_written_and_drafts_never_come()
    {
        app.Draft("written-first", Tutors);
        app.Time.Advance(TimeSpan.FromHours(1));
        app.Draft("written-second", Tutors);
        app.Draft("never-sent", Tutors);
        app.Time.Advance(TimeSpan.FromDays(3));
        app.Sender.Send("written-second");
        var lastWeek = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromDays(10));
        app.Sender.Send("written-first");

        var latest = app.Updates.LatestSent(5);
        var thisWeek = app.Updates.SentSince(app.Time.GetUtcNow().UtcDateTime.AddDays(-7));

        Assert.Equal(["written-first", "written-second"], latest.Select(u => u.Id));
        Assert.Equal(["written-first"], app.Updates.LatestSent(1).Select(u => u.Id));
        Assert.Equal(["written-first"], thisWeek.Select(u => u.Id));
        Assert.Equal(["written-first", "written-second"], app.Updates.SentSince(lastWeek.UtcDateTime).Select(u => u.Id));
    }

    public void Dispose() => app.Dispose();
}
