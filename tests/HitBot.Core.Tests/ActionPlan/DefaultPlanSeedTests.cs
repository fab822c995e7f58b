using HitBot.Core.ActionPlan;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.ActionPlan;

public sealed class DefaultPlanSeedTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_new_program_gets_the_eleven_steps_of_the_checklist_in_their_phases()
    {
        var store = new ActionPlanStore(temp.Db);

        store.SeedDefaultPlanOnce(time.GetUtcNow());

        var items = store.All();
        Assert.Equal(11, items.Count);
        Assert.Equal("Align Tutoring with Curriculum & School Policies", items[0].Title);
        Assert.Equal("Adjust Implementation Based on Data Insights", items[^1].Title);
        Assert.All(items, i => Assert.Equal(ItemStatus.NotStarted, i.Status));
        Assert.Equal(
            [ActionPhase.Installation, ActionPhase.InitialImplementation, ActionPhase.ScalingAndSustainability],
            items.Select(i => i.Phase).Distinct());
    }

    /// <summary>The Action Plan table of seed 000, row by row ("Adust" corrected).</summary>
    [Fact]
    public void The_seeded_plan_is_the_checklist_table_in_its_order()
    {
        var store = new ActionPlanStore(temp.Db);

        store.SeedDefaultPlanOnce(time.GetUtcNow());

        Assert.Equal(
        [
            "Align Tutoring with Curriculum & School Policies",
            "Establish Instructional Routines",
            "Guide Individualization Decisions",
            "Develop Scope and Sequence for Tutors",
            "Develop Staff and Coach Training",
            "Implement Tutor Training and Ongoing Coaching",
            "Develop Data Collection and Reflection Plan",
            "Implement Tutoring Sessions and Gather Data",
            "Conduct Walkthroughs to Assess Tutor Practice",
            "Conduct Regular Data Reflection Meetings",
            "Adjust Implementation Based on Data Insights",
        ], store.All().Select(i => i.Title));
        Assert.Equal([DefaultPlan.ReflectionMeetings], store.All().Where(i => i.IsSeries && i.PreRead).Select(i => i.Id));
    }

    [Fact]
    public void Restarting_many_times_seeds_the_plan_once()
    {
        new ActionPlanStore(temp.Db).SeedDefaultPlanOnce(time.GetUtcNow());

        for (var restart = 0; restart < 5; restart++)
            new ActionPlanStore(temp.Reopen()).SeedDefaultPlanOnce(time.GetUtcNow());

        Assert.Equal(11, new ActionPlanStore(temp.Db).All().Count);
    }

    [Fact]
    public void A_program_that_edited_and_deleted_steps_keeps_its_plan_after_a_restart()
    {
        var store = new ActionPlanStore(temp.Db);
        store.SeedDefaultPlanOnce(time.GetUtcNow());
        var first = store.All()[0];
        store.Save(first with { Title = "Align tutoring with our literacy block", OwnerId = "person-1" });
        temp.Db.Collection<ActionItem>(ActionPlanStore.Items).Delete(store.All()[1].Id);

        var seededAgain = new ActionPlanStore(temp.Reopen()).SeedDefaultPlanOnce(time.GetUtcNow());

        var items = new ActionPlanStore(temp.Db).All();
        Assert.False(seededAgain);
        Assert.Equal(10, items.Count);
        Assert.Equal("Align tutoring with our literacy block", items[0].Title);
    }

    [Fact]
    public void My_items_lists_only_the_open_items_a_person_owns_soonest_first()
    {
        var store = new ActionPlanStore(temp.Db);
        store.SeedDefaultPlanOnce(time.GetUtcNow());
        var all = store.All();
        store.Save(all[0] with { OwnerId = "maya", DueDate = new DateOnly(2026, 4, 1) });
        store.Save(all[1] with { OwnerId = "maya", DueDate = new DateOnly(2026, 3, 10) });
        store.Save(all[2] with { OwnerId = "maya", Status = ItemStatus.Done });
        store.Save(all[3] with { OwnerId = "sam" });

        var mine = store.OpenItemsOwnedBy("maya");

        Assert.Equal([all[1].Id, all[0].Id], mine.Select(i => i.Id));
    }

    public void Dispose() => temp.Dispose();
}
