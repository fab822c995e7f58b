using System.Globalization;

namespace HitBot.Core.Tests.Storage;

/// <summary>
/// LiteDB names an index built from a lambda (<c>EnsureIndex(u => u.SeriesId)</c>) by stripping its expression with a
/// case-insensitive pattern in the machine's culture: on a Turkish machine "SeriesId" became "Seriesd". The file then
/// depended on where it was made: a later step that drops or looks up an index by name missed it.
/// </summary>
public sealed class IndexNameTests
{
    [Fact]
    public void A_file_made_on_a_Turkish_machine_has_the_same_indexes_as_one_made_anywhere_else()
    {
        var elsewhere = IndexesOfANewFile(CultureInfo.InvariantCulture);
        var turkish = IndexesOfANewFile(Turkish());

        Assert.Contains("updates/SeriesId", elsewhere);
        Assert.Equal(elsewhere, turkish);
    }

    static CultureInfo Turkish()
    {
        try
        {
            return CultureInfo.GetCultureInfo("tr-TR", predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            Assert.Skip("This .NET runs without ICU (globalization-invariant mode): there is no Turkish culture to try.");
            throw;
        }
    }

    /// <summary>The indexes HitBot builds in a new file, as collection/name, with the machine set to <paramref name="culture"/>.</summary>
    static List<string> IndexesOfANewFile(CultureInfo culture)
    {
        var machine = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            using var temp = new TempDb();
            var names = new List<string>();
            temp.ReopenAfter(file => names.AddRange(file.GetCollection("$indexes").FindAll()
                .Select(index => $"{index["collection"].AsString}/{index["name"].AsString}")
                .Order(StringComparer.Ordinal)));
            return names;
        }
        finally
        {
            CultureInfo.CurrentCulture = machine;
        }
    }
}
