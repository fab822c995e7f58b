using HitBot.Core.Directory;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Directory;

/// <summary>
/// The roster's "time zone" column: an IANA id in any case or a US name becomes the person's zone; a bad value is a bad
/// line; an empty cell or a file without the column keeps what HitBot knows; the roster wins over a chat app's zone, which
/// fills it only when nobody gave one. The import runs on Monday 2 March 2026, 14:00 UTC.
/// </summary>
public sealed class RosterTimeZoneTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    readonly DirectoryStore store;
    readonly RosterImport import;

    public RosterTimeZoneTests()
    {
        store = new DirectoryStore(temp.Db);
        import = new RosterImport(store, time);
    }

    RosterImportResult Import(string csv) => import.Import(new StringReader(csv), skipInvalid: false);

    [Theory]
    [InlineData("America/Los_Angeles", "America/Los_Angeles")]
    [InlineData("america/new_york", "America/New_York")]
    [InlineData("America/Los Angeles", "America/Los_Angeles")]
    [InlineData("Central", "America/Chicago")]
    [InlineData("Pacific Time", "America/Los_Angeles")]
    [InlineData("EST", "America/New_York")] // the region's zone, not IANA's fixed "EST" without summer time
    [InlineData("Hawaii", "Pacific/Honolulu")]
    [InlineData("US/Eastern", "America/New_York")]
    [InlineData("Central Standard Time", "America/Chicago")]
    [InlineData("Los Angeles", "America/Los_Angeles")]
    [InlineData("honolulu", "Pacific/Honolulu")]
    public void A_time_zone_written_as_an_IANA_id_its_city_or_a_common_name_is_kept_as_its_IANA_id(string written, string kept)
    {
        var result = Import($"name,email,role,time zone\nMaya Lopez,maya@example.org,tutor,{written}\n");

        Assert.True(result.Imported, string.Join(" ", result.Errors.Select(e => e.Message)));
        Assert.Equal(kept, store.FindByEmail("maya@example.org")?.TimeZone);
    }

    [Theory]
    [InlineData("UTC-6")]
    [InlineData("Springfield")]
    [InlineData("Etc/GMT+6")]
    [InlineData("Mars/Olympus_Mons")]
    public void A_time_zone_HitBot_does_not_know_is_a_bad_line_that_says_what_to_write(string written)
    {
        var result = Import($"name,email,timezone,role\nMaya Lopez,maya@example.org,,tutor\nSam Ortiz,sam@example.org,{written},tutor\n");

        Assert.False(result.Imported);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Equal($"'{written}' in 'time zone' is not a time zone HitBot knows: {ZoneName.Hint}.", error.Message);
        Assert.Empty(store.All());
    }

    [Fact]
    public void An_empty_cell_or_a_file_without_the_column_keeps_the_zone_and_a_new_one_replaces_it()
    {
        Import("name,email,role,time zone\nMaya Lopez,maya@example.org,tutor,Pacific\nSam Ortiz,sam@example.org,tutor,Eastern\n");

        Import("name,email,role,time zone\nMaya Lopez,maya@example.org,tutor,\nSam Ortiz,sam@example.org,tutor,Central\n");
        var again = Import("name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam@example.org,tutor\n");

        Assert.Equal("America/Los_Angeles", store.FindByEmail("maya@example.org")?.TimeZone);
        Assert.Equal("America/Chicago", store.FindByEmail("sam@example.org")?.TimeZone);
        Assert.Equal(2, again.Unchanged);
    }

    [Fact]
    public void The_chat_apps_zone_fills_only_a_zone_nobody_gave_and_the_roster_wins_over_it()
    {
        Import("name,email,role,time zone\nMaya Lopez,maya@example.org,tutor,Pacific\nSam Ortiz,sam@example.org,tutor,\n");
        var directory = new PeopleDirectory(store, time);
        var maya = store.FindByEmail("maya@example.org")!;
        var sam = store.FindByEmail("sam@example.org")!;

        directory.AdoptTimeZone(maya.Id, "America/New_York"); // Maya's laptop, on a trip
        directory.AdoptTimeZone(sam.Id, "America/New_York");
        Import("name,email,role,time zone\nSam Ortiz,sam@example.org,tutor,Central\n");

        Assert.Equal("America/Los_Angeles", store.Find(maya.Id)?.TimeZone);
        Assert.Equal("America/Chicago", store.Find(sam.Id)?.TimeZone);
    }

    [Fact]
    public void An_admin_edit_sets_a_zone_by_name_refuses_a_wrong_one_and_clears_one_with_an_empty_text()
    {
        Import("name,email,role\nMaya Lopez,maya@example.org,tutor\n");
        var edits = new PersonEdits(store, time);
        var id = store.FindByEmail("maya@example.org")!.Id;

        var (set, _) = edits.Apply(id, new PersonEdit(null, null, null, null, null, null, TimeZone: "mountain"), "coordinator");
        var (refused, problems) = edits.Apply(id, new PersonEdit(null, null, null, null, null, null, TimeZone: "GMT-7"), "coordinator");
        var kept = store.Find(id)?.TimeZone;
        var (cleared, _) = edits.Apply(id, new PersonEdit(null, null, null, null, null, null, TimeZone: ""), "coordinator");

        Assert.Equal("America/Denver", set?.TimeZone);
        Assert.Null(refused);
        Assert.StartsWith("timeZone: 'GMT-7' is not a time zone HitBot knows;", Assert.Single(problems), StringComparison.Ordinal);
        Assert.Equal("America/Denver", kept);
        Assert.Null(cleared?.TimeZone);
    }

    public void Dispose() => temp.Dispose();
}
