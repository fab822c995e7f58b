using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Updates;
using static HitBot.Core.Tests.Erasure.PersonErasureCrashTests;

namespace HitBot.Core.Tests.Erasure;

/// <summary>
/// Maya, a coordinator who was Maya Ortiz before she married, is erased. Three places the fuller erasure tests do not
/// fill: a weekly series addressed to her by name that she last changed, Ben's "stop" she set for him from the
/// dashboard, and an item's history written under her former name.
/// </summary>
public sealed class PersonErasureSeriesAndStopsTests : IDisposable
{
    readonly TempDb temp = new();

    [Fact]
    public void Erasing_her_leaves_her_id_and_names_in_no_series_no_stop_she_set_and_no_note_under_her_former_name()
    {
        var app = new App(temp);
        app.Directory.Save(new Person { Id = "maya", Name = "Maya Lopez", FormerNames = ["Maya Ortiz"], Email = "maya@example.org", Roles = [Roles.CentralTeam] });
        app.Directory.Save(new Person
        {
            Id = "ben", Name = "Ben Ruiz", Email = "ben@example.org", Roles = [Roles.Tutor], OptedOut = true, OptedOutBy = "Maya Lopez", OptedOutById = "maya",
        });
        app.Series.Save(new UpdateSeries { Id = "weekly", Name = "Monday notes", Audience = new Audience { People = ["maya", "ben"] }, ChangedBy = "maya" });
        app.Plan.Save(new ActionItem
        {
            Id = "i1", Title = "Train site leads", OwnerId = "ben",
            History = [new ItemNote { Text = "Owner: Maya Ortiz → Ben Ruiz" }],
        });

        app.Erasure.Erase("maya");

        Assert.DoesNotContain(temp.Db.AllDocuments(), d => d.Json.Contains("\"maya\"", StringComparison.Ordinal)
            || d.Json.Contains("Maya Lopez", StringComparison.Ordinal) || d.Json.Contains("Maya Ortiz", StringComparison.Ordinal));
        Assert.Equal(["ben"], app.Series.Find("weekly")?.Audience.People);
        Assert.True(app.Directory.Find("ben")?.OptedOut);
    }

    public void Dispose() => temp.Dispose();
}
