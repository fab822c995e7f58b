using HitBot.Core.Directory;
using HitBot.Core.Messaging;

namespace HitBot.Core.Tests.Directory;

/// <summary>Whom an audience reaches (updates, surveys, thank-yous), and why the others are left out.</summary>
public sealed class AudienceResolverTests : IDisposable
{
    readonly TempDb temp = new();
    readonly DirectoryStore directory;
    readonly AudienceResolver audiences;
    static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    public AudienceResolverTests()
    {
        directory = new DirectoryStore(temp.Db);
        audiences = new AudienceResolver(directory);
    }

    Person Add(string id, string role, string? site = null, string? partner = null, bool chat = true, Func<Person, Person>? also = null)
    {
        var person = new Person { Id = id, Name = id, Email = id + "@example.org", Roles = [role], Site = site, Partner = partner };
        if (chat) person = person.WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id }, Now);
        person = also?.Invoke(person) ?? person;
        directory.Save(person);
        return person;
    }

    List<string> Recipients(Audience audience) => [.. audiences.Resolve(audience).Recipients.Select(r => r.Person.Id).Order(StringComparer.Ordinal)];

    [Fact]
    public void An_audience_reaches_people_who_match_every_kind_of_filter_and_any_value_within_one()
    {
        Add("t-lincoln", Roles.Tutor, site: "lincoln");
        Add("t-grant", Roles.Tutor, site: "grant");
        Add("t-adams", Roles.Tutor, site: "adams");
        Add("champion-lincoln", Roles.SiteChampion, site: "lincoln");

        var reached = Recipients(new Audience { Roles = [Roles.Tutor], Sites = ["lincoln", "grant"] });

        Assert.Equal(["t-grant", "t-lincoln"], reached);
    }

    [Fact]
    public void Sites_partners_and_roles_may_be_written_as_people_say_them()
    {
        Add("t1", Roles.Tutor, site: "lincoln-elementary", partner: "city-year");
        Add("c1", Roles.SiteChampion, site: "lincoln-elementary", partner: "city-year");

        var reached = Recipients(new Audience { Roles = ["Site coordinator"], Sites = ["Lincoln Elementary"], Partners = ["City Year"] });

        Assert.Equal(["c1"], reached);
    }

    [Fact]
    public void An_interest_audience_reaches_only_people_whose_latest_pulse_asked_for_it()
    {
        Add("coached", Roles.Tutor, also: p => p with { Interests = [Interests.Coaching] });
        Add("more-hours", Roles.Tutor, also: p => p with { Interests = [Interests.MoreHours] });
        Add("silent", Roles.Tutor);

        var reached = Recipients(new Audience { Roles = [Roles.Tutor], InterestedIn = ["Coaching"] });

        Assert.Equal(["coached"], reached);
    }

    [Fact]
    public void A_list_of_people_reaches_each_named_person_once_and_ignores_unknown_ids()
    {
        Add("ana", Roles.Tutor);
        Add("ben", Roles.CentralTeam);

        var reach = audiences.Resolve(new Audience { People = ["ana", "ana", "ben", "nobody"] });

        Assert.Equal(["ana", "ben"], reach.Recipients.Select(r => r.Person.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, reach.Matched);
    }

    [Fact]
    public void People_who_left_count_nowhere_and_opted_out_or_unreachable_people_are_counted_but_not_sent_to()
    {
        Add("reached", Roles.Tutor);
        Add("left", Roles.Tutor, also: p => p with { Inactive = true });
        Add("stopped", Roles.Tutor, also: p => p with { OptedOut = true });
        Add("no-chat", Roles.Tutor, chat: false);
        Add("blocked", Roles.Tutor, also: p => p with { ReachNotes = [new ReachNote { Channel = ChannelKind.Teams, State = ReachStates.Blocked, At = Now.UtcDateTime }] });

        var reach = audiences.Resolve(new Audience { Roles = [Roles.Tutor] });

        Assert.Equal(["reached"], reach.Recipients.Select(r => r.Person.Id));
        Assert.Equal((4, 1, 2), (reach.Matched, reach.OptedOut, reach.NotInChat));
        Assert.Equal(new Dictionary<string, int> { [ReachStates.NoChatYet] = 1, [ReachStates.Blocked] = 1 }, reach.NotReached);
    }

    [Fact]
    public void A_person_on_both_platforms_gets_one_message_in_the_first_chat_that_has_not_blocked_hitbot()
    {
        var both = Add("both", Roles.Tutor).WithIdentity(new ChannelAddress { Channel = ChannelKind.Slack, TeamId = "T1", UserId = "U1", ConversationId = "D1" }, Now);
        directory.Save(both);
        Add("blocked-teams", Roles.Tutor, also: p => p.WithIdentity(new ChannelAddress { Channel = ChannelKind.Slack, TeamId = "T1", UserId = "U2", ConversationId = "D2" }, Now)
            with { ReachNotes = [new ReachNote { Channel = ChannelKind.Teams, State = ReachStates.Blocked, At = Now.UtcDateTime }] });

        var recipients = audiences.Resolve(new Audience { Roles = [Roles.Tutor] }).Recipients.ToDictionary(r => r.Person.Id, r => r.Address.Channel);

        Assert.Equal(new Dictionary<string, ChannelKind> { ["both"] = ChannelKind.Teams, ["blocked-teams"] = ChannelKind.Slack }, recipients);
    }

    [Fact]
    public void An_empty_audience_reaches_nobody_rather_than_everybody()
    {
        Add("t1", Roles.Tutor);

        Assert.Empty(audiences.Resolve(new Audience()).Recipients);
    }

    [Fact]
    public void An_unknown_role_or_interest_is_named_in_the_problems()
    {
        var problems = AudienceResolver.Problems(new Audience { Roles = ["tutor", "wizard"], InterestedIn = ["coaching", "snacks"] }).ToList();

        Assert.Equal(2, problems.Count);
        Assert.Contains("'wizard' is not a role", problems[0], StringComparison.Ordinal);
        Assert.Contains("'snacks' is not an interest", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Work_messages_reach_staff_who_said_stop_but_not_staff_who_left()
    {
        var people = new[]
        {
            Add("stopped", Roles.CentralTeam, also: p => p with { OptedOut = true }),
            Add("left", Roles.CentralTeam, also: p => p with { Inactive = true }),
            Add("no-chat", Roles.CentralTeam, chat: false),
            Add("tutor", Roles.Tutor),
        };

        var reached = PersonReach.ForWork(people, p => p.HasRole(Roles.CentralTeam));

        Assert.Equal(["stopped"], reached.Select(r => r.Person.Id));
    }

    public void Dispose() => temp.Dispose();
}
