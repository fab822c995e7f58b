using HitBot.Core.Directory;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Directory;

public sealed class RosterImportTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    RosterImport Import(out DirectoryStore store)
    {
        store = new DirectoryStore(temp.Db);
        return new RosterImport(store, time);
    }

    [Fact]
    public void A_start_date_with_its_year_typed_wrong_is_a_bad_line_and_nothing_is_imported()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader(
            "name,email,role,start date\n" +
            "Maya Lopez,maya@example.org,tutor,2026-09-01\n" +
            "Sam Ortiz,sam@example.org,tutor,2062-09-01\n"), skipInvalid: false);

        Assert.False(result.Imported);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("check the year", error.Message, StringComparison.Ordinal);
        Assert.Empty(store.All());
    }

    [Fact]
    public void A_clean_roster_adds_everyone_with_their_roles_site_and_partner()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader(
            "name,email,role,site,partner\n" +
            "Maya Lopez,Maya.Lopez@Example.org,Tutor,Lincoln Elementary,City Year\n" +
            "Sam Ortiz,sam@example.org,Site Champion;Tutor,Lincoln Elementary,\n"), skipInvalid: false);

        Assert.True(result.Imported);
        Assert.Equal(2, result.Created);
        var maya = Assert.IsType<Person>(store.FindByEmail("maya.lopez@example.org"));
        Assert.Equal("Maya Lopez", maya.Name);
        Assert.Equal([Roles.Tutor], maya.Roles);
        Assert.Equal("lincoln-elementary", maya.Site);
        Assert.Equal("city-year", maya.Partner);
        Assert.Equal([Roles.SiteChampion, Roles.Tutor], store.FindByEmail("sam@example.org")?.Roles);
        Assert.Contains(store.AllSites(), s => s.Name == "Lincoln Elementary");
    }

    /// <summary>
    /// A district export that knows a site champion who tutors only as a tutor takes their champion role away: their
    /// sign-in ends and their site's lists go to the central team. The preview names them and the roles they would lose.
    /// </summary>
    [Fact]
    public void The_preview_names_who_the_file_takes_roles_from_and_which_and_changes_nothing()
    {
        var import = Import(out var store);
        import.Import(new StringReader("name,email,role,site\nSam Ortiz,sam@example.org,Site Champion;Tutor,Lincoln\n" +
                                       "Maya Lopez,maya@example.org,Tutor,Lincoln\nLena Park,lena@example.org,Central Team,\n"), skipInvalid: false);
        const string export = "name,email,role,site\nSam Ortiz,sam@example.org,Tutor,Lincoln\nMaya Lopez,maya@example.org,Tutor;Site Champion,Lincoln\n" +
                              "Lena Park,lena@example.org,Central Team,\n";

        var preview = import.Import(new StringReader(export), skipInvalid: false, preview: true);

        var sam = Assert.Single(preview.RolesRemoved);
        Assert.Equal(("Sam Ortiz", "sam@example.org"), (sam.Name, sam.Email));
        Assert.Equal([Roles.SiteChampion], sam.Removed);
        Assert.Equal([Roles.Tutor], sam.Roles);
        Assert.Equal([Roles.SiteChampion, Roles.Tutor], store.FindByEmail("sam@example.org")?.Roles);
        var done = import.Import(new StringReader(export), skipInvalid: false);
        Assert.Equal(sam.Removed, Assert.Single(done.RolesRemoved, r => r.Id == sam.Id).Removed);
        Assert.Equal([Roles.Tutor], store.FindByEmail("sam@example.org")?.Roles);
    }

    [Fact]
    public void The_same_roles_in_another_order_change_nothing()
    {
        var import = Import(out _);
        import.Import(new StringReader("name,email,role,site\nSam Ortiz,sam@example.org,Site Champion;Tutor,Lincoln\n"), skipInvalid: false);

        var again = import.Import(new StringReader("name,email,role,site\nSam Ortiz,sam@example.org,tutor;site champion,Lincoln\n"), skipInvalid: false, preview: true);

        Assert.Equal((0, 1), (again.Updated, again.Unchanged));
    }

    /// <summary>
    /// A spreadsheet's multi-select cell, or a coordinator typing a list, writes several roles with commas: the CSV quotes
    /// the cell, and the line was refused as one unknown role "Tutor, Site Champion".
    /// </summary>
    [Fact]
    public void Several_roles_in_a_quoted_cell_may_be_separated_by_commas()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader(
            "name,email,role,site,partner\n" +
            "Sam Ortiz,sam@example.org,\"Tutor, Site Champion\",Lincoln Elementary,\n"), skipInvalid: false);

        Assert.True(result.Imported, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal([Roles.Tutor, Roles.SiteChampion], store.FindByEmail("sam@example.org")?.Roles);
    }

    /// <summary>
    /// A big roster is written a chunk at a time, so Teams' and Slack's requests are answered while it goes in. What a
    /// failure (or a crash) partway leaves is whole chunks, and importing the file again completes it without duplicates.
    /// </summary>
    [Fact]
    public void A_big_roster_cut_off_partway_keeps_whole_chunks_and_importing_it_again_completes_it()
    {
        var store = new DirectoryStore(temp.Db);
        var rows = Enumerable.Range(0, 2 * DirectoryStore.RosterChunkRows + 500)
            .Select(i => new RosterRow(i + 2, $"Tutor {i}", $"tutor{i:D5}@example.org", [Roles.Tutor], "Lincoln Elementary", null)).ToList();
        // LiteDB refuses an index key over 1,023 bytes: an e-mail that long stops the second chunk.
        var broken = rows.Select((r, i) => i == DirectoryStore.RosterChunkRows + 10 ? r with { Email = new string('x', 2000) + "@example.org" } : r).ToList();

        Assert.ThrowsAny<LiteDB.LiteException>(() => store.SaveRoster(broken, time.GetUtcNow()));
        Assert.Equal(DirectoryStore.RosterChunkRows, store.Count());

        var (created, updated) = store.SaveRoster(rows, time.GetUtcNow());

        Assert.Equal((rows.Count - DirectoryStore.RosterChunkRows, 0), (created, updated));
        Assert.Equal(rows.Count, store.Count());
        Assert.All(rows, r => Assert.NotNull(store.FindByEmail(r.Email)));
    }

    [Fact]
    public void Importing_the_same_roster_again_updates_people_and_never_duplicates_them()
    {
        var import = Import(out var store);
        import.Import(new StringReader("name,email,role\nMaya Lopez,maya@example.org,tutor\n"), skipInvalid: false);

        var again = import.Import(new StringReader("name,email,role,site\nMaya López,MAYA@example.org,tutor,Grant Middle\n"), skipInvalid: false);

        Assert.Equal((0, 1), (again.Created, again.Updated));
        var maya = Assert.Single(store.All());
        Assert.Equal("Maya López", maya.Name);
        Assert.Equal("grant-middle", maya.Site);
    }

    [Fact]
    public void A_preview_counts_who_would_be_added_changed_and_left_as_they_are_and_writes_nothing()
    {
        var import = Import(out var store);
        import.Import(new StringReader("name,email,role\nMaya Lopez,maya@example.org,tutor\nAna Ruiz,ana@example.org,tutor\n"), skipInvalid: false);

        var preview = import.Import(new StringReader(
            "name,email,role,site\nMaya Lopez,maya@example.org,tutor,Grant Middle\nAna Ruiz,ana@example.org,tutor,\nSam Ortiz,sam@example.org,tutor,\n"),
            skipInvalid: false, preview: true);

        Assert.True(preview.Preview);
        Assert.Equal((1, 1, 1), (preview.Created, preview.Updated, preview.Unchanged));
        Assert.Equal(2, store.Count());
        Assert.Null(store.FindByEmail("maya@example.org")?.Site);
    }

    [Fact]
    public void One_bad_line_stops_the_whole_import_and_names_the_line()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader(
            "name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,not-an-email,tutor\nAna Ruiz,ana@example.org,wizard\n"), skipInvalid: false);

        Assert.False(result.Imported);
        Assert.Equal(0, store.Count());
        Assert.Collection(result.Errors,
            e => Assert.Equal((3, true), (e.Line, e.Message.Contains("not an e-mail", StringComparison.Ordinal))),
            e => Assert.Equal((4, true), (e.Line, e.Message.Contains("'wizard' is not a role", StringComparison.Ordinal))));
    }

    [Fact]
    public void Asking_to_skip_bad_lines_imports_the_good_ones_and_still_reports_the_bad()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader("name,email,role\nMaya Lopez,maya@example.org,tutor\n,sam@example.org,tutor\n"), skipInvalid: true);

        Assert.True(result.Imported);
        Assert.Equal(1, result.Skipped);
        Assert.Equal(3, Assert.Single(result.Errors).Line);
        Assert.Equal("Maya Lopez", Assert.Single(store.All()).Name);
    }

    [Fact]
    public void The_same_email_twice_in_one_file_is_reported_with_both_lines()
    {
        var import = Import(out _);

        var result = import.Import(new StringReader("name,email,role\nMaya,maya@example.org,tutor\nMaya L,Maya@example.org,tutor\n"), skipInvalid: false);

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_the_required_columns_is_refused_even_when_skipping()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader("full name,mail\nMaya,maya@example.org\n"), skipInvalid: true);

        Assert.False(result.Imported);
        Assert.Contains("name, email, role", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public void Quoted_fields_with_commas_and_semicolon_files_are_read_as_people_write_them()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader("name;email;role;site\n\"Lopez, Maya\";maya@example.org;tutor;\"Lincoln, East campus\"\n"), skipInvalid: false);

        Assert.True(result.Imported);
        Assert.Equal("Lopez, Maya", Assert.Single(store.All()).Name);
    }

    /// <summary>
    /// A first line <c>sep=;</c> tells Excel the separator (a district's export made for a European-locale Excel writes one):
    /// it was read as the header, and the file was refused for "missing the column(s) name, email, role" that were there.
    /// </summary>
    [Fact]
    public void A_first_line_naming_the_separator_for_Excel_is_not_the_header_and_lines_keep_their_numbers()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader("sep=;\r\nname;email;role;site\r\nJosé Núñez;jose@example.org;Tutor;\"Lincoln, East\"\r\nSam Ortiz;sam;Tutor;\r\n"),
            skipInvalid: true);

        Assert.True(result.Imported);
        Assert.Equal("José Núñez", Assert.Single(store.All()).Name);
        Assert.Equal("Lincoln, East", Assert.Single(store.AllSites()).Name);
        Assert.Equal(4, Assert.Single(result.Errors).Line);
    }

    /// <summary>
    /// An address copied from a web page or an Outlook signature into the spreadsheet can carry a character nobody sees (a
    /// zero-width space, a left-to-right mark). It was stored with it: Slack's and Teams' look-ups by e-mail never found the
    /// person, and the People page showed an address that looked right.
    /// </summary>
    [Fact]
    public void An_email_with_an_invisible_character_pasted_in_is_stored_as_Teams_and_Slack_know_it()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader("name,email,role\nMaya Lopez,\u200Bmaya@example.org\u200E,tutor\nSam Ortiz,sam@exam\u00ADple.org\uFEFF,tutor\n"), skipInvalid: false);

        Assert.True(result.Imported);
        Assert.Equal(["maya@example.org", "sam@example.org"], store.All().Select(p => p.Email));
    }

    /// <summary>
    /// A site written one way on most lines and in capitals on the last (an export merged from two systems) is one site; it
    /// took the last line's spelling, so the dashboard, the site's page and its champion's digest said "LINCOLN ELEMENTARY".
    /// </summary>
    [Fact]
    public void A_site_spelled_in_other_case_on_a_few_lines_keeps_the_spelling_most_lines_have()
    {
        var import = Import(out var store);

        import.Import(new StringReader(
            "name,email,role,site\nMaya,maya@example.org,tutor,Lincoln Elementary\nSam,sam@example.org,tutor,Lincoln Elementary\nAna,ana@example.org,tutor,LINCOLN ELEMENTARY\n"),
            skipInvalid: false);

        Assert.Equal("Lincoln Elementary", Assert.Single(store.AllSites()).Name);
    }

    /// <summary>
    /// A double quote opened and never closed (a hand-edited file: <c>"Sam Ortiz,sam@…</c>) makes the rest of the file one
    /// cell: the people after it were not imported, and the only word was "'' is not an e-mail address" on the file's last
    /// line. The line with the quote is named, with how far the cell ran.
    /// </summary>
    [Fact]
    public void A_quote_never_closed_is_reported_on_its_own_line_with_the_lines_it_took_in()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader(
            "name,email,role\nMaya Lopez,maya@example.org,tutor\n\"Sam Ortiz,sam@example.org,tutor\nAna Ruiz,ana@example.org,tutor\nBen Okafor,ben@example.org,tutor\n"),
            skipInvalid: true);

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("double quote", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Maya Lopez"], store.All().Select(p => p.Name));
    }

    /// <summary>A line break typed in a cell (Alt+Enter in Excel) would put a name on two lines in every card and list.</summary>
    [Fact]
    public void A_name_on_two_lines_is_a_bad_line_named_by_where_it_starts_and_a_note_on_two_lines_is_not()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader(
            "name,email,role,notes\nMaya Lopez,maya@example.org,tutor,\"Mondays\nand Thursdays\"\n\"Sam\nOrtiz\",sam@example.org,tutor,\n"), skipInvalid: true);

        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("line break", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Maya Lopez"], store.All().Select(p => p.Name));
    }

    /// <summary>
    /// In a semicolon file, two roles written "Site Champion;Tutor" without quotes become two cells: the second role would
    /// be read as the site, and every cell after it shifted, without a word. The line is refused and says why.
    /// </summary>
    [Fact]
    public void A_line_with_more_cells_than_the_header_is_reported_instead_of_shifting_its_site_and_partner()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader(
            "name;email;role;site;partner\nMaya Lopez;maya@example.org;tutor;Lincoln;City Year\nSam Ortiz;sam@example.org;Site Champion;Tutor;Lincoln;\n"), skipInvalid: false);

        Assert.False(result.Imported);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("more cells than the header", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public void A_roster_with_every_role_of_the_roles_guide_as_written_imports()
    {
        var import = Import(out var store);
        string[] departments =
        [
            "Executive Champion Support", "Budget and Funding", "School Leader Support Team", "Site Champions",
            "Academic and Curriculum Teams", "Research and Data Teams", "Technology Support", "Caregiver Engagement",
            "Facilities Management", "Legal Counsel", "HR and Payroll", "Principal", "Teacher", "Coach", "Site Coordinator",
        ];

        var result = import.Import(new StringReader("name,email,role\n" +
            string.Concat(departments.Select((d, i) => $"Person {i},p{i}@example.org,{d}\n"))), skipInvalid: false);

        Assert.True(result.Imported, string.Join(" / ", result.Errors.Select(e => e.Message)));
        Assert.Equal(departments.Length, store.Count());
        Assert.Equal([Roles.Facilities], store.FindByEmail("p8@example.org")?.Roles);
        Assert.Equal([Roles.SchoolLeader], store.FindByEmail("p11@example.org")?.Roles);
    }

    [Fact]
    public void An_unknown_role_is_reported_for_its_line_with_the_accepted_names_and_the_rest_imports_when_asked()
    {
        var import = Import(out var store);

        var result = import.Import(new StringReader(
            "name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam@example.org,Wizard\nBen Okafor,ben@example.org,Principal\n"), skipInvalid: true);

        Assert.True(result.Imported);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("'Wizard' is not a role", error.Message, StringComparison.Ordinal);
        Assert.Contains("Research and Data Teams", error.Message, StringComparison.Ordinal);
        Assert.Contains("Principal", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, store.Count());
    }

    [Fact]
    public void A_start_date_column_is_read_a_bad_date_names_its_line_and_a_file_without_the_column_keeps_the_dates()
    {
        var import = Import(out var store);

        var bad = import.Import(new StringReader("name,email,role,start date\nMaya Lopez,maya@example.org,tutor,2026-02-30\n"), skipInvalid: false);
        var good = import.Import(new StringReader("name,email,role,Start Date\nMaya Lopez,maya@example.org,tutor,2026-03-02\nSam Ortiz,sam@example.org,tutor,3/9/2026\n"), skipInvalid: false);
        var again = import.Import(new StringReader("name,email,role\nMaya Lopez,maya@example.org,tutor\n"), skipInvalid: false);

        Assert.Contains("'2026-02-30' in 'start date' is not a date", Assert.Single(bad.Errors).Message, StringComparison.Ordinal);
        Assert.True(good.Imported);
        Assert.Equal(new DateOnly(2026, 3, 2), store.FindByEmail("maya@example.org")?.StartDate);
        Assert.Equal(new DateOnly(2026, 3, 9), store.FindByEmail("sam@example.org")?.StartDate);
        Assert.Equal(1, again.Unchanged);
        Assert.Equal(new DateOnly(2026, 3, 2), store.FindByEmail("maya@example.org")?.StartDate);
    }

    public void Dispose() => temp.Dispose();
}
