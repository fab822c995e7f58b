using HitBot.Core.Directory;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>Who may post an update to whom: the central team to anyone, a partner lead only to the tutors their organisation recruited.</summary>
public sealed class UpdatePostingTests : IDisposable
{
    readonly UpdatesUnderTest app = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    readonly Person lead;

    public UpdatePostingTests()
    {
        app.Db.Collection<Partner>(DirectoryStore.Partners).Insert(new Partner { Id = "city-year", Name = "City Year" });
        lead = app.Person("lead", Roles.PartnerLead, partner: "city-year");
        app.Person("cy-tutor", Roles.Tutor, partner: "city-year", site: "lincoln");
        app.Person("rc-tutor", Roles.Tutor, partner: "readcorps", site: "grant");
    }

    /// <summary>An update the partner lead wrote (the central team's checks do not look at the writer).</summary>
    static Update To(Audience audience) => new() { Id = "u1", Title = "Hello", Body = "b", Audience = audience, CreatedBy = "lead" };

    [Fact]
    public void The_central_team_may_post_to_any_audience()
    {
        var coordinator = app.Person("coordinator", Roles.CentralTeam);

        Assert.Null(app.Posting.Refusal(coordinator, To(new Audience { Roles = [Roles.Tutor] })));
    }

    [Fact]
    public void A_partner_lead_may_post_to_their_cohort_or_part_of_it()
    {
        Assert.Null(app.Posting.Refusal(lead, To(UpdatePosting.CohortOf(lead))));
        Assert.Null(app.Posting.Refusal(lead, To(new Audience { Roles = [Roles.Tutor], Partners = ["City Year"], Sites = ["lincoln"] })));
        Assert.Null(app.Posting.Refusal(lead, To(new Audience { People = ["cy-tutor"] })));
    }

    [Fact]
    public void A_partner_leads_audience_is_refused_as_soon_as_a_tutor_in_it_moves_to_another_organisation()
    {
        var lincoln = To(new Audience { Roles = [Roles.Tutor], Sites = ["lincoln"] });
        var allowed = app.Posting.Refusal(lead, lincoln);

        app.Person("cy-tutor", Roles.Tutor, partner: "readcorps", site: "lincoln");
        var afterTheMove = app.Posting.Refusal(lead, lincoln);
        app.Person("cy-tutor", Roles.Tutor, partner: "city-year", site: "lincoln");

        Assert.Null(allowed);
        Assert.Equal("You can send updates only to the tutors City Year recruited. Nothing was sent.", afterTheMove);
        Assert.Null(app.Posting.Refusal(lead, lincoln));
    }

    [Fact]
    public void A_partner_lead_may_not_send_an_update_someone_else_wrote_even_to_their_own_cohort()
    {
        var centralDraft = To(UpdatePosting.CohortOf(lead)) with { CreatedBy = "coordinator" };

        Assert.Equal("Partner leads can send only the updates they wrote. Nothing was sent.", app.Posting.Refusal(lead, centralDraft));
        Assert.NotNull(app.Posting.Refusal(lead, centralDraft with { CreatedBy = null }));
    }

    [Fact]
    public void A_partner_lead_is_refused_an_audience_that_reaches_any_tutor_another_organisation_recruited()
    {
        var refusal = app.Posting.Refusal(lead, To(new Audience { Roles = [Roles.Tutor] }));

        Assert.Equal("You can send updates only to the tutors City Year recruited. Nothing was sent.", refusal);
        Assert.NotNull(app.Posting.Refusal(lead, To(new Audience { People = ["cy-tutor", "rc-tutor"] })));
        Assert.NotNull(app.Posting.Refusal(lead, To(new Audience { People = ["someone-not-in-the-directory"] })));
        Assert.NotNull(app.Posting.Refusal(lead, To(new Audience())));
    }

    [Fact]
    public void A_partner_leads_audience_is_checked_on_the_people_it_matches_opted_out_ones_included()
    {
        app.Person("rc-stopped", Roles.Tutor, partner: "readcorps", site: "lincoln", optedOut: true);

        var refusal = app.Posting.Refusal(lead, To(new Audience { Roles = [Roles.Tutor], Sites = ["lincoln"] }));

        Assert.NotNull(refusal);
    }

    [Fact]
    public void A_partner_lead_who_is_also_on_the_central_team_is_not_limited_to_a_cohort()
    {
        var both = app.Person("both", Roles.PartnerLead, partner: "city-year");
        both = both with { Roles = [Roles.PartnerLead, Roles.CentralTeam] };

        Assert.False(UpdatePosting.IsPartnerLead(both));
        Assert.Null(app.Posting.Refusal(both, To(new Audience { Roles = [Roles.Tutor] })));
    }

    [Fact]
    public void A_tutor_or_a_partner_lead_without_an_organisation_may_not_post()
    {
        var tutor = app.Person("tutor", Roles.Tutor);
        var orphan = app.Person("orphan", Roles.PartnerLead);

        Assert.False(UpdatePosting.MayPost(tutor));
        Assert.False(UpdatePosting.MayPost(orphan));
        Assert.Equal("Only the central team and partner leads can post updates.", app.Posting.Refusal(tutor, To(new Audience { People = ["cy-tutor"] })));
        Assert.Equal(UpdatePosting.NoPartnerRefusal, app.Posting.Refusal(orphan, To(new Audience { People = ["cy-tutor"] })));
    }

    public void Dispose() => app.Dispose();
}
