using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Directory;

/// <summary>The directory's language: what the roster says, what a chat app says when it does not, and the audiences by it.</summary>
public sealed class LanguageTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    readonly DirectoryStore store;

    public LanguageTests() => store = new DirectoryStore(temp.Db);

    RosterImportResult Import(string csv) => new RosterImport(store, time).Import(new StringReader(csv), skipInvalid: false);

    static readonly string[] People = ["maya", "ana", "joao", "li", "sam", "eve"];

    string? LanguageOf(string email) => store.FindByEmail(email)?.Language;

    [Fact]
    public void The_roster_s_language_column_takes_tags_in_any_case_and_common_names()
    {
        var result = Import("name,email,role,Language\n" +
            "Maya Lopez,maya@example.org,tutor,es\nAna Ruiz,ana@example.org,tutor,Spanish\nJoão Silva,joao@example.org,tutor,pt_br\n" +
            "Li Wei,li@example.org,tutor,ZH-hant\nSam Ortiz,sam@example.org,tutor,\nEve Adams,eve@example.org,tutor,es-419\n");

        Assert.True(result.Imported);
        Assert.Equal(["es", "es", "pt-BR", "zh-Hant", null, "es-419"],
            People.Select(n => LanguageOf(n + "@example.org")));
    }

    [Theory]
    [InlineData("Spanglish")]
    [InlineData("sp")]
    [InlineData("es-Mexico")]
    public void A_language_the_roster_cannot_name_is_refused_with_its_line_and_nobody_is_imported(string language)
    {
        var result = Import($"name,email,role,language\nMaya Lopez,maya@example.org,tutor,es\nAna Ruiz,ana@example.org,tutor,{language}\n");

        Assert.False(result.Imported);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains($"'{language}' in 'language'", error.Message, StringComparison.Ordinal);
        Assert.Contains("pt-BR", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public void A_bilingual_tutor_s_two_languages_are_refused_with_a_request_for_one()
    {
        var result = Import("name,email,role,language\nMaya Lopez,maya@example.org,tutor,English/Spanish\n");

        var error = Assert.Single(result.Errors);
        Assert.Contains("give one language per person, the one to write to them in", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_roster_without_the_column_or_with_an_empty_cell_keeps_the_language_and_a_new_one_replaces_it()
    {
        Import("name,email,role,language\nMaya Lopez,maya@example.org,tutor,es\nAna Ruiz,ana@example.org,tutor,pt\n");

        var without = Import("name,email,role\nMaya Lopez,maya@example.org,tutor\nAna Ruiz,ana@example.org,tutor\n");
        var empty = Import("name,email,role,language\nMaya Lopez,maya@example.org,tutor,\nAna Ruiz,ana@example.org,tutor,\n");
        var changed = Import("name,email,role,language\nMaya Lopez,maya@example.org,tutor,es-MX\nAna Ruiz,ana@example.org,tutor,pt\n");

        Assert.Equal((0, 0), (without.Updated, empty.Updated));
        Assert.Equal((1, 1), (changed.Updated, changed.Unchanged));
        Assert.Equal(("es-MX", "pt"), (LanguageOf("maya@example.org"), LanguageOf("ana@example.org")));
    }

    [Fact]
    public void A_chat_app_s_locale_is_kept_only_when_nobody_gave_a_language_and_the_roster_then_wins()
    {
        Import("name,email,role,language\nMaya Lopez,maya@example.org,tutor,es\nAna Ruiz,ana@example.org,tutor,\n");
        var directory = new PeopleDirectory(store, time);
        var maya = Assert.IsType<Person>(store.FindByEmail("maya@example.org"));
        var ana = Assert.IsType<Person>(store.FindByEmail("ana@example.org"));

        directory.AdoptLanguage(maya.Id, "en-US");
        directory.AdoptLanguage(ana.Id, "not a locale");
        var adopted = directory.AdoptLanguage(ana.Id, "pt-br");
        directory.AdoptLanguage(ana.Id, "en-US");

        Assert.Equal("es", LanguageOf("maya@example.org"));
        Assert.Equal(("pt-BR", "pt-BR"), (adopted?.Language, LanguageOf("ana@example.org")));

        Import("name,email,role,language\nAna Ruiz,ana@example.org,tutor,es\n");

        Assert.Equal("es", LanguageOf("ana@example.org"));
    }

    [Fact]
    public void An_audience_by_language_reaches_its_speakers_and_their_variants_and_can_name_the_language()
    {
        Import("name,email,role,site,language\n" +
            "Maya Lopez,maya@example.org,tutor,Lincoln,es\nAna Ruiz,ana@example.org,tutor,Grant,es-MX\n" +
            "Eve Adams,eve@example.org,tutor,Lincoln,en\nSam Ortiz,sam@example.org,tutor,Lincoln,\nRita Mora,rita@example.org,site champion,Lincoln,es\n");
        foreach (var person in store.All())
            store.Save(person.WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + person.Id, ConversationId = "a:" + person.Id }, time.GetUtcNow()));
        var audiences = new AudienceResolver(store);
        string[] Reached(Audience audience) =>
            [.. audiences.Resolve(audience).Recipients.Select(r => r.Person.Email.Split('@')[0]).Order(StringComparer.Ordinal)];

        Assert.Equal(["ana", "maya", "rita"], Reached(new Audience { Languages = ["es"] }));
        Assert.Equal(["ana", "maya"], Reached(new Audience { Roles = [Roles.Tutor], Languages = ["Spanish"] }));
        Assert.Equal(["ana"], Reached(new Audience { Languages = ["es-mx"] }));
        Assert.Equal(["maya", "rita"], Reached(new Audience { Sites = ["Lincoln"], Languages = ["es"] }));
        Assert.Equal(3, audiences.Count(new Audience { Languages = ["es"] }).Recipients);
    }

    [Fact]
    public void An_audience_language_HitBot_cannot_read_is_a_problem_named_by_its_field()
    {
        var problem = Assert.Single(AudienceResolver.Problems(new Audience { Roles = [Roles.Tutor], Languages = ["es", "Klingon"] }));

        Assert.StartsWith("audience.languages: 'Klingon'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_audience_without_languages_keeps_its_key()
    {
        var audience = new Audience { Roles = [Roles.Tutor], Sites = ["lincoln"] };

        Assert.Equal("\u001ftutor\u001flincoln\u001f\u001f", audience.Key());
        Assert.NotEqual(audience.Key(), (audience with { Languages = ["es"] }).Key());
    }

    [Fact]
    public void The_directory_lists_the_languages_people_have_with_each_variant_s_language()
    {
        Import("name,email,role,language\nMaya Lopez,maya@example.org,tutor,es-MX\nAna Ruiz,ana@example.org,tutor,pt-BR\nEve Adams,eve@example.org,tutor,en\n");

        Assert.Equal(["en", "es", "es-MX", "pt", "pt-BR"], store.Languages());

        store.Delete(Assert.IsType<Person>(store.FindByEmail("ana@example.org")).Id);

        Assert.Equal(["en", "es", "es-MX"], store.Languages());
    }

    public void Dispose() => temp.Dispose();
}
