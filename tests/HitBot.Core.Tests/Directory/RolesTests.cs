using HitBot.Core.Directory;

namespace HitBot.Core.Tests.Directory;

public sealed class RolesTests
{
    [Theory]
    [InlineData("Site Champion", Roles.SiteChampion)]
    [InlineData("site-champions", Roles.SiteChampion)]
    [InlineData("Research & Data", Roles.ResearchData)]
    [InlineData("Program Coordinator", Roles.CentralTeam)]
    [InlineData("TUTOR", Roles.Tutor)]
    [InlineData("Executive Champion", Roles.ExecutiveChampion)]
    public void Roles_are_understood_as_coordinators_write_them(string text, string expected) =>
        Assert.Equal(expected, Roles.Parse(text));

    /// <summary>The Department column of seed 004, character for character.</summary>
    [Theory]
    [InlineData("Executive Champion Support", Roles.ExecutiveChampion)]
    [InlineData("Budget and Funding", Roles.BudgetFunding)]
    [InlineData("School Leader Support Team", Roles.SchoolLeaderSupport)]
    [InlineData("Site Champions", Roles.SiteChampion)]
    [InlineData("Academic and Curriculum Teams", Roles.AcademicCurriculum)]
    [InlineData("Research and Data Teams", Roles.ResearchData)]
    [InlineData("Technology Support", Roles.TechnologySupport)]
    [InlineData("Caregiver Engagement", Roles.CaregiverEngagement)]
    [InlineData("Facilities Management", Roles.Facilities)]
    [InlineData("Legal Counsel", Roles.LegalCounsel)]
    [InlineData("HR and Payroll", Roles.HrPayroll)]
    public void Every_department_of_the_roles_guide_is_a_role_as_written(string text, string expected) =>
        Assert.Equal(expected, Roles.Parse(text));

    /// <summary>
    /// The name a person reads (the audience picker, the chat composer's role list, the phase announcement's preview): the
    /// Department column of seed 004 in the dashboard's sentence case, not a shortening of it ("Research & data", "Facilities").
    /// </summary>
    [Theory]
    [InlineData(Roles.BudgetFunding, "Budget and Funding")]
    [InlineData(Roles.SchoolLeaderSupport, "School Leader Support Team")]
    [InlineData(Roles.SiteChampion, "Site Champions")]
    [InlineData(Roles.AcademicCurriculum, "Academic and Curriculum Teams")]
    [InlineData(Roles.ResearchData, "Research and Data Teams")]
    [InlineData(Roles.TechnologySupport, "Technology Support")]
    [InlineData(Roles.CaregiverEngagement, "Caregiver Engagement")]
    [InlineData(Roles.Facilities, "Facilities Management")]
    [InlineData(Roles.LegalCounsel, "Legal Counsel")]
    [InlineData(Roles.HrPayroll, "HR and Payroll")]
    public void Every_department_of_the_roles_guide_is_shown_by_its_name_in_the_guide(string role, string department) =>
        Assert.Equal(department, Roles.Title(role), StringComparer.OrdinalIgnoreCase);

    [Theory]
    [InlineData("Principal", Roles.SchoolLeader)]
    [InlineData("assistant principal", Roles.SchoolLeader)]
    [InlineData("Teacher", Roles.Tutor)]
    [InlineData("Coach", Roles.Coach)]
    [InlineData("Instructional Coach", Roles.Coach)]
    [InlineData("Site Coordinator", Roles.SiteChampion)]
    [InlineData("  site   COORDINATOR. ", Roles.SiteChampion)]
    [InlineData("research_and_data", Roles.ResearchData)]
    public void Everyday_titles_go_to_the_closest_role_whatever_the_case_spacing_or_punctuation(string text, string expected) =>
        Assert.Equal(expected, Roles.Parse(text));

    /// <summary>
    /// The guides' own names for these people: the checklist's "school administrators" (000 §1, §4) and the implementation
    /// guide's "principals and school administrators" and "district program coordinator" (003), the phases tool's "pipeline
    /// partners" (001) and the roles guide's "family engagement teams" (004, Caregiver Engagement). A roster that wrote them
    /// so was refused whole, each line an unknown role.
    /// </summary>
    [Theory]
    [InlineData("School Administrator", Roles.SchoolLeader)]
    [InlineData("School Administrators", Roles.SchoolLeader)]
    [InlineData("District Program Coordinator", Roles.CentralTeam)]
    [InlineData("Pipeline Partner", Roles.PartnerLead)]
    [InlineData("Pipeline Partners", Roles.PartnerLead)]
    [InlineData("Family Engagement", Roles.CaregiverEngagement)]
    [InlineData("Family Engagement Team", Roles.CaregiverEngagement)]
    public void The_guides_names_for_people_are_their_roles(string text, string expected) =>
        Assert.Equal(expected, Roles.Parse(text));

    [Fact]
    public void A_word_that_is_no_role_is_not_guessed() => Assert.Null(Roles.Parse("principal's cat"));

    [Fact]
    public void Every_accepted_spelling_listed_for_people_is_understood_as_its_role() =>
        Assert.All(Roles.AcceptedSpellings, a => Assert.All(a.Spellings.Split(", "), s => Assert.Equal(a.Role, Roles.Parse(s))));
}
