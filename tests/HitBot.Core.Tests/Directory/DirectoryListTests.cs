using HitBot.Core.Directory;
using HitBot.Core.Updates;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Directory;

/// <summary>The people list and role audiences, answered by the directory's indexes.</summary>
public sealed class DirectoryListTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    DirectoryStore Imported(string lines)
    {
        var store = new DirectoryStore(temp.Db);
        var result = new RosterImport(store, time).Import(new StringReader("name,email,role,site,partner\n" + lines), skipInvalid: false);
        Assert.True(result.Imported);
        return store;
    }

    static string[] Names(PeoplePage page) => [.. page.People.Select(p => p.Name)];

    [Fact]
    public void People_come_a_page_at_a_time_in_name_order_whatever_the_case()
    {
        var store = Imported("cal Ray,cal@example.org,tutor,,\nBo Chen,bo@example.org,tutor,,\nana Diaz,ana@example.org,tutor,,\nDan Wu,dan@example.org,tutor,,\n");

        var first = store.Page(offset: 0, limit: 3);
        var second = store.Page(offset: 3, limit: 3);

        Assert.Equal(["ana Diaz", "Bo Chen", "cal Ray"], Names(first));
        Assert.Equal(["Dan Wu"], Names(second));
        Assert.Equal((4, 4), (first.Total, second.Total));
    }

    [Fact]
    public void Pages_cut_through_people_of_the_same_name_show_each_of_them_once()
    {
        // Forty people called Sam (in two cases) and a few around them, paged two and three at a time: every page starts
        // after the Sams the last one showed. (LiteDB places equal names at random depths of its index: many of them, and
        // two page sizes, make a page that starts inside the run likely to meet every case.)
        var lines = string.Concat(Enumerable.Range(0, 40).Select(i => $"{(i % 2 == 0 ? "Sam Lee" : "sam lee")},sam{i}@example.org,tutor,,\n"))
                    + "Ana Diaz,ana@example.org,tutor,,\nZoe Park,zoe@example.org,tutor,,\nBo Chen,bo@example.org,tutor,,\nAl Ray,al@example.org,tutor,,\n";
        var store = Imported(lines);

        foreach (var size in new[] { 2, 3 })
        {
            var pages = Enumerable.Range(0, (44 + size - 1) / size).Select(i => store.Page(offset: i * size, limit: size)).ToList();
            var shown = pages.SelectMany(p => p.People).ToList();

            Assert.Equal(44, shown.Select(p => p.Email).Distinct().Count());
            Assert.Equal(["Al Ray", "Ana Diaz", "Bo Chen"], shown.Take(3).Select(p => p.Name));
            Assert.All(shown.Skip(3).Take(40), p => Assert.Equal("sam lee", p.Name, ignoreCase: true));
            Assert.Equal("Zoe Park", shown[^1].Name);
        }
        Assert.Empty(store.Page(offset: 44, limit: 2).People);
    }

    [Fact]
    public void A_search_finds_part_of_a_name_an_email_a_site_or_a_partner_and_counts_every_match()
    {
        var store = Imported("Maya Lopez,maya@example.org,tutor,Lincoln Elementary,\nSam Ortiz,sam@district.org,tutor,,City Year\n" +
                             "Zoe Park,zoe@example.org,tutor,Grant Middle,\nAl Lincolnshire,al@example.org,tutor,,\n");

        var lincoln = store.Search("LINCOLN", offset: 0, limit: 1);
        var byMail = store.Search("@district", offset: 0, limit: 10);
        var byPartner = store.Search("city y", offset: 0, limit: 10);
        var inside = store.Search("ope", offset: 0, limit: 10);

        Assert.Equal(["Al Lincolnshire"], Names(lincoln));
        Assert.Equal(2, lincoln.Total);
        Assert.Equal(["Sam Ortiz"], Names(byMail));
        Assert.Equal(["Sam Ortiz"], Names(byPartner));
        Assert.Equal(["Maya Lopez"], Names(inside));
    }

    [Fact]
    public void An_audience_of_site_champions_reaches_them_and_follows_a_change_of_role()
    {
        var store = Imported("Maya Lopez,maya@example.org,tutor;site champion,,\nSam Ortiz,sam@example.org,site champion,,\n" +
                             "Zoe Park,zoe@example.org,tutor,,\nAl Ray,al@example.org,coach,,\n");
        var resolver = new AudienceResolver(store);
        var champions = new Audience { Roles = ["Site Champion"] };

        var before = resolver.Resolve(champions).Matched;
        Imported("Sam Ortiz,sam@example.org,coach,,\n");
        var after = resolver.Resolve(champions).Matched;
        var coachesAndChampions = resolver.Resolve(new Audience { Roles = ["coach", "site-champion"] }).Matched;

        Assert.Equal(2, before);
        Assert.Equal(1, after);
        Assert.Equal(3, coachesAndChampions);
    }

    public void Dispose() => temp.Dispose();
}
