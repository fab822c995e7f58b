using System.Diagnostics;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Updates;

namespace HitBot.Bench;

/// <summary>
/// Writes issue 16's scale case straight through the stores' collections in bulk: a directory of <c>people</c> (most of
/// them tutors, a tenth in no chat yet, half Teams and half Slack), weekly updates to every tutor with their delivery rows
/// (finished: sent, given up or waiting for a retry days away, so the dispatcher has nothing to do) up to <c>rows</c>, and
/// a feedback inbox. The newest update went out yesterday, so the overview counts its 90,000 rows.
/// </summary>
static class ScaleSeed
{
    public const int Sites = 40;
    public const int FeedbackItems = 5_000;
    /// <summary>The outbox's collection of messages stored once (MessageStore.Collection, internal to HitBot.Core).</summary>
    const string SharedMessages = "messages";

    public sealed record Seeded(int People, int Rows, int Updates, TimeSpan PeopleTime, TimeSpan RowsTime)
    {
        /// <summary>The kept file this run copied instead of seeding (its seeding and audience times are not known).</summary>
        public string? Reused { get; init; }

        /// <summary>How long opening the kept file took: its schema upgrade, when this HitBot's schema moved on since it was seeded.</summary>
        public TimeSpan Opened { get; init; }
    }

    public static Seeded Write(HitBotDb db, int people, int rows)
    {
        var now = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var sites = Enumerable.Range(0, Sites).Select(i => new Site { Id = Slug.Of($"School {i}"), Name = $"School {i}" }).ToList();
        db.InTransaction(() => db.Collection<Site>(DirectoryStore.Sites).InsertBulk(sites));
        foreach (var batch in Enumerable.Range(0, people).Select(i => Person(i, sites[i % Sites].Id, now)).Chunk(20_000))
            db.InTransaction(() => db.Collection<Person>(DirectoryStore.People).InsertBulk(batch));
        var peopleTime = clock.Elapsed;

        var tutors = new AudienceResolver(new DirectoryStore(db)).Resolve(new Audience { Roles = [Roles.Tutor] });

        clock.Restart();
        var written = 0;
        var updates = 0;
        var store = new UpdateStore(db);
        var outbox = new OutboxStore(db, new OutboxSignal());
        while (written < rows)
        {
            var sentAt = now.AddDays(-1 - 7 * updates);
            var update = new Update
            {
                Id = $"bench-update-{updates}", Title = $"Week {52 - updates}", Body = "Sessions resume Monday. **Thank you** for a great term!",
                Audience = new Audience { Roles = [Roles.Tutor] }, Status = UpdateStatus.Sent, CreatedAt = sentAt, SentAt = sentAt,
                Reach = ReachCounts.Of(tutors),
            };
            store.Save(update);
            var message = new SharedMessage { Id = "bench-message-" + updates, Json = MessageJson.Serialize(UpdateCards.Card(update)), LastUsedAt = sentAt };
            db.InTransaction(() => db.Collection<SharedMessage>(SharedMessages).Insert(message));
            var campaign = tutors.Recipients.Take(rows - written).Select((r, j) => Row(update, message.Id, r.Person.Id, r.Address, j, sentAt, now));
            // Through the outbox's own bulk insert, so the campaign's counts (what the overview reads) are written as HitBot writes them.
            foreach (var batch in campaign.Chunk(20_000))
                written += outbox.EnqueueMany(batch);
            updates++;
        }
        var rowsTime = clock.Elapsed;

        var feedback = db.Collection<FeedbackItem>(FeedbackStore.Collection);
        db.InTransaction(() =>
        {
            for (var i = 1; i <= FeedbackItems; i++)
                feedback.Insert(new FeedbackItem
                {
                    Id = $"bench-feedback-{i}", Number = i, Text = $"Question {i} about the session schedule", PersonId = $"p{i * 7 % people:D7}",
                    UpdateId = i % 3 == 0 ? "bench-update-0" : null, Status = (FeedbackStatus)(1 + i % 3), CreatedAt = now.AddMinutes(-i),
                });
            return 0;
        });
        return new Seeded(people, written, updates, peopleTime, rowsTime);
    }

    /// <summary>Audience resolution on the file as HitBot left it, opened afresh (nothing cached): three kinds of audience.</summary>
    public static List<(string Audience, TimeSpan Took, int Matched)> TimeAudiences(HitBotDb db)
    {
        var resolver = new AudienceResolver(new DirectoryStore(db));
        var school = new DirectoryStore(db).AllSites().OrderBy(s => s.Name, StringComparer.Ordinal).ElementAt(3).Name;
        return
        [
            Time("every tutor (roles: tutor)", new Audience { Roles = [Roles.Tutor] }),
            Time("site champions (the Roles index)", new Audience { Roles = [Roles.SiteChampion] }),
            Time("one school (the Site index)", new Audience { Sites = [school] }),
        ];

        (string, TimeSpan, int) Time(string name, Audience audience)
        {
            var took = Stopwatch.StartNew();
            var reach = resolver.Resolve(audience);
            return (name, took.Elapsed, reach.Matched);
        }
    }

    static Person Person(int i, string site, DateTime now)
    {
        var person = new Person
        {
            Id = $"p{i:D7}", Name = $"Tutor {i}", Email = $"tutor{i}@district.example",
            Roles = i % 250 == 1 ? [Roles.SiteChampion] : i % 100 == 0 ? [Roles.Tutor, Roles.Coach] : [Roles.Tutor],
            Site = site, Partner = Slug.Of($"Partner {i % 12}"), OptedOut = i % 200 == 7, CreatedAt = now, UpdatedAt = now,
        };
        // Every address is on loopback: no row of the bench is ever due, and nothing would be sent elsewhere if one were.
        return (i % 10) switch
        {
            9 => person,
            var d when d % 2 == 0 => person.WithIdentity(new ChannelAddress
            {
                Channel = ChannelKind.Teams, UserId = $"29:tutor-{i}", ConversationId = $"a:tutor-{i}", ServiceUrl = "http://127.0.0.1:9/",
                TenantId = "bench-tenant", BotId = "28:bench",
            }, now),
            _ => person.WithIdentity(new ChannelAddress { Channel = ChannelKind.Slack, TeamId = "TBENCH", UserId = $"U{i:D7}", ConversationId = $"D{i:D7}" }, now),
        };
    }

    /// <summary>Mostly sent; one in 200 given up (blocked), one in 1,000 failed with its retry days away.</summary>
    static Delivery Row(Update update, string messageId, string personId, ChannelAddress address, int j, DateTime sentAt, DateTime now)
    {
        var row = new Delivery
        {
            Id = $"{update.Campaign}:{personId}", Campaign = update.Campaign, PersonId = personId, Address = address, Kind = DeliveryKind.Send,
            MessageId = messageId, State = DeliveryState.Sent, Attempts = 1, DueAt = Delivery.NotDue, CreatedAt = sentAt, SentAt = sentAt.AddSeconds(j / 30.0),
            SentConversationId = address.ConversationId, SentMessageId = $"1:{j}",
        };
        return (j % 1000, j % 200) switch
        {
            (5, _) => row with { State = DeliveryState.Failed, DueAt = now.AddDays(3), SentAt = null, LastError = "Teams answered 502", FailureClass = FailureClasses.Network },
            (_, 3) => row with { State = DeliveryState.Dead, SentAt = null, LastError = "The person removed or blocked the app", FailureClass = FailureClasses.Blocked },
            _ => row,
        };
    }
}
