using System.Collections;
using System.Reflection;
using HitBot.Core.ActionPlan;
using HitBot.Core.Storage;

namespace HitBot.Core.Tests.Storage;

/// <summary>
/// Every document type HitBot.Core stores comes back from a reopened LiteDB file exactly as it went in, and a new stored
/// type cannot be added without a sample here: the types are read from the compiled Core (every typed collection it opens).
/// </summary>
public sealed class StoredDocumentRoundTripTests : IDisposable
{
    readonly TempDb temp = new();

    public static TheoryData<string> SampleTypes => [.. StoredDocumentSamples.All.Select(s => StoredTypes.NameOf(s.Type))];

    [Theory]
    [MemberData(nameof(SampleTypes))]
    public void A_stored_document_comes_back_from_the_reopened_file_exactly_as_it_went_in(string type)
    {
        var sample = StoredDocumentSamples.For(type);

        var (saved, loaded) = sample.RoundTrip(temp);

        Assert.Equal(saved, loaded);
    }

    [Fact]
    public void Every_document_type_core_stores_has_a_sample_so_a_new_one_cannot_be_forgotten()
    {
        var stored = StoredTypes.In(typeof(HitBotDb).Assembly.Location);

        var withoutSample = stored
            .Except(StoredDocumentSamples.All.Select(s => StoredTypes.NameOf(s.Type)))
            .Except(StoredDocumentSamples.CoveredThroughTheirStore.Keys)
            .ToList();

        Assert.True(withoutSample.Count == 0,
            $"Stored in LiteDB but without a round-trip sample in StoredDocumentSamples: {string.Join(", ", withoutSample)}");
        // The discovery itself works: the best-known documents are found, so an empty result cannot pass by accident.
        Assert.Contains("HitBot.Core.Messaging.Outbox.Delivery", stored);
        Assert.Contains("HitBot.Core.ActionPlan.ActionPlanStore/MetaEntry", stored);
    }

    [Fact]
    public void Every_sample_and_store_covered_type_is_still_stored_so_the_list_holds_no_stale_entries()
    {
        var stored = StoredTypes.In(typeof(HitBotDb).Assembly.Location);

        var stale = StoredDocumentSamples.All.Select(s => StoredTypes.NameOf(s.Type)).Concat(StoredDocumentSamples.CoveredThroughTheirStore.Keys)
            .Where(t => !stored.Contains(t)).ToList();

        Assert.Empty(stale);
    }

    [Theory]
    [MemberData(nameof(SampleTypes))]
    public void A_sample_sets_every_property_so_a_dropped_field_would_show_in_the_round_trip(string type)
    {
        var sample = StoredDocumentSamples.For(type);

        var unset = Unset(sample.Document, sample.Type.Name).ToList();

        Assert.True(unset.Count == 0, $"Left at their default in the {type} sample: {string.Join(", ", unset)}");
    }

    [Fact]
    public void A_digest_marker_time_round_trips_through_the_action_plan_store()
    {
        var at = new DateTime(2026, 3, 2, 13, 0, 0, DateTimeKind.Utc);
        new ActionPlanStore(temp.Db).SetMetaTime(ActionReminders.DigestMarker, at);

        var back = new ActionPlanStore(temp.Reopen()).MetaTime(ActionReminders.DigestMarker);

        Assert.Equal(at, back);
        Assert.Equal(DateTimeKind.Utc, back?.Kind);
    }

    [Fact]
    public void A_respondent_key_kept_in_the_database_by_an_old_version_is_read_back_and_moved_to_its_file()
    {
        var old = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        temp.Db.Collection<LiteDB.BsonDocument>("secrets").Insert(new LiteDB.BsonDocument { ["_id"] = "survey-respondent-key", ["Value"] = old });
        temp.Reopen();

        var key = temp.AnonymityKey();

        Assert.Equal(old, key.Value);
        Assert.Equal(old, File.ReadAllBytes(key.FilePath));
        Assert.Equal(0, temp.Db.Collection<LiteDB.BsonDocument>("secrets").Count());
    }

    /// <summary>The paths of the settable properties left at their default (null, 0, false, "", empty list), nested records included.</summary>
    static IEnumerable<string> Unset(object value, string path)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.SetMethod is not null && p.GetIndexParameters().Length == 0))
        {
            var name = $"{path}.{property.Name}";
            var current = property.GetValue(value);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (current is null || current is "" || (type.IsValueType && current.Equals(Activator.CreateInstance(type))))
                yield return name;
            else if (current is IEnumerable items and not string)
            {
                var list = items.Cast<object>().ToList();
                if (list.Count == 0) yield return name;
                foreach (var unset in list.Where(IsOurs).SelectMany(item => Unset(item, name + "[]"))) yield return unset;
            }
            else if (IsOurs(current))
                foreach (var unset in Unset(current, name)) yield return unset;
        }
    }

    static bool IsOurs(object value) => value.GetType().Namespace?.StartsWith("HitBot", StringComparison.Ordinal) == true;

    public void Dispose() => temp.Dispose();
}
