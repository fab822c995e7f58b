using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Directory;

/// <summary>What the other features read from the directory through <see cref="PeopleDirectory"/>, in a real LiteDB file.</summary>
public sealed class PeopleDirectoryReadsTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    (PeopleDirectory Directory, DirectoryStore Store) Imported(string lines)
    {
        var store = new DirectoryStore(temp.Db);
        var result = new RosterImport(store, time).Import(new StringReader("name,email,role,site,partner\n" + lines), skipInvalid: false);
        Assert.True(result.Imported);
        return (new PeopleDirectory(store, time), store);
    }

    static Person Named(PeopleDirectory directory, string email) => Assert.IsType<Person>(directory.FindByEmail(email));

    static string[] Names(IEnumerable<Person> people) => [.. people.Select(p => p.Name)];

    static ChannelAddress Teams(string user) => new()
    {
        Channel = ChannelKind.Teams, UserId = user, ConversationId = "a:" + user, ServiceUrl = "http://127.0.0.1:9/amer/", TenantId = "tenant-1",
    };

    [Fact]
    public void Many_people_are_found_by_their_ids_at_once_and_an_id_no_longer_on_the_roster_is_left_out()
    {
        var (directory, _) = Imported("Maya Lopez,maya@example.org,tutor,,\nSam Ortiz,sam@example.org,tutor,,\nZoe Park,zoe@example.org,tutor,,\n");
        var (maya, sam) = (Named(directory, "maya@example.org"), Named(directory, "sam@example.org"));

        var found = directory.FindMany([sam.Id, "erased-person", maya.Id, sam.Id]);

        Assert.Equal(new[] { maya.Id, sam.Id }.Order(StringComparer.Ordinal), found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("Maya Lopez", "Sam Ortiz"), (found[maya.Id].Name, found[sam.Id].Name));
        Assert.Empty(directory.FindMany([]));
    }

    [Fact]
    public void People_of_a_role_come_in_name_order_whether_the_role_is_indexed_or_tutors()
    {
        var (directory, _) = Imported("zoe Park,zoe@example.org,site champion,,\nAl Ray,al@example.org,central team,,\n" +
                                      "Bo Chen,bo@example.org,tutor;site champion,,\nCal Diaz,cal@example.org,tutor,,\n");

        var staff = directory.WithAnyRole(Roles.SiteChampion, Roles.CentralTeam);
        var tutors = directory.WithAnyRole(Roles.Tutor);

        Assert.Equal(["Al Ray", "Bo Chen", "zoe Park"], Names(staff));
        Assert.Equal(["Bo Chen", "Cal Diaz"], Names(tutors));
    }

    [Fact]
    public void A_work_message_reaches_staff_who_said_stop_but_not_staff_who_left_or_have_no_chat()
    {
        var (directory, store) = Imported("Lena Park,lena@example.org,central team,,\nOmar Haddad,omar@example.org,central team,,\n" +
                                          "Ida Berg,ida@example.org,central team,,\nJo Kim,jo@example.org,central team,,\nMaya Lopez,maya@example.org,tutor,,\n");
        foreach (var email in new[] { "lena", "omar", "ida", "maya" }) directory.Link(Teams("29:" + email), email + "@example.org");
        directory.SetOptOut(Named(directory, "omar@example.org").Id, optedOut: true, by: "omar");
        store.Save(Named(directory, "ida@example.org") with { Inactive = true });

        var reached = directory.ReachableForWork(Roles.CentralTeam);

        Assert.Equal(["Lena Park", "Omar Haddad"], Names(reached.Select(r => r.Person)));
        Assert.Equal("29:lena", reached[0].Address.UserId);
    }

    [Fact]
    public void The_people_of_a_site_or_a_partner_are_found_by_its_slug_and_named_as_the_roster_spelled_it()
    {
        var (directory, _) = Imported("Maya Lopez,maya@example.org,tutor,Lincoln Elementary,City Year\n" +
                                      "Sam Ortiz,sam@example.org,tutor,Grant Middle,City Year\nZoe Park,zoe@example.org,tutor,Grant Middle,Teach Plus\n");

        Assert.Equal(["Maya Lopez"], Names(directory.AtSite("lincoln-elementary")));
        Assert.Equal(["Maya Lopez", "Sam Ortiz"], Names(directory.OfPartner("city-year")).Order(StringComparer.Ordinal));
        Assert.Equal(("Lincoln Elementary", "City Year"), (directory.SiteName("lincoln-elementary"), directory.PartnerName("city-year")));
        Assert.Equal((null, null), (directory.SiteName("jefferson-high"), directory.PartnerName("jefferson-high")));
    }

    [Fact]
    public void Giving_the_same_interests_again_keeps_the_time_they_were_first_given()
    {
        var (directory, _) = Imported("Maya Lopez,maya@example.org,tutor,,\n");
        var maya = Named(directory, "maya@example.org");
        var march = time.GetUtcNow().UtcDateTime;

        directory.RememberInterests(maya.Id, [Interests.Coaching], march);
        directory.RememberInterests(maya.Id, [Interests.Coaching], march.AddDays(30));
        var unchanged = directory.Find(maya.Id);
        directory.RememberInterests(maya.Id, [Interests.Coaching, Interests.MoreHours], march.AddDays(60));
        directory.RememberInterests("erased-person", [Interests.Coaching], march);

        Assert.Equal([Interests.Coaching], unchanged?.Interests);
        Assert.Equal(march, unchanged?.InterestsAt);
        Assert.Equal([Interests.Coaching, Interests.MoreHours], directory.Find(maya.Id)?.Interests);
        Assert.Equal(march.AddDays(60), directory.Find(maya.Id)?.InterestsAt);
    }

    public void Dispose() => temp.Dispose();
}
