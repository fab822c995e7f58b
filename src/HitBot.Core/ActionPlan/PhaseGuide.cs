using HitBot.Core.Directory;

namespace HitBot.Core.ActionPlan;

/// <summary>
/// What each phase is and what it expects of each role, from the checklist's "Establish Phases of Implementation" (seed 000
/// §1: communicate expectations for each phase to tutors, school leaders and district administrators) and the phases tool
/// (seed 001: Designing, Launching, Scaling). HitBot's phases are the checklist's; the tool's name is given beside each.
/// </summary>
public static class PhaseGuide
{
    public sealed record Phase(ActionPhase Id, string Name, string GuideName, string Milestones, string What, IReadOnlyDictionary<string, string[]> ByRole);

    public static readonly IReadOnlyList<Phase> All =
    [
        new(ActionPhase.Installation, "Program installation", "Designing", "early planning, resource allocation",
            "The work before tutoring starts: decisions and systems for the tutor pipeline, training and data. Decisions made now decide the program's success.",
            new Dictionary<string, string[]>
            {
                [Roles.Tutor] = ["Take part in the initial onboarding before your first session.", "Learn the curriculum and the session routines you will use."],
                [Roles.CentralTeam] = ["Set goals you can staff and support; choose a manageable number of subjects and grades.", "Build the tutor pipeline, choose curriculum before training begins, and set up data systems and channels to talk with tutors."],
                [Roles.ExecutiveChampion] = ["Secure funding and board approvals.", "Place the program where it can coordinate across departments, and make each stakeholder's role clear."],
                [Roles.SiteChampion] = ["Be your school's point of contact with the program.", "Help plan how your site will share and review data."],
                [Roles.SchoolLeader] = ["Give your input on the design: what works for your school.", "Help align tutoring with your schedule, grading and curriculum."],
                [Roles.SchoolLeaderSupport] = ["Secure school buy-in and help select sites.", "Align tutoring with instructional goals."],
                [Roles.Coach] = ["Help build the staff and coach training.", "Plan job-embedded coaching for tutors."],
                [Roles.PartnerLead] = ["Build your pipeline of tutors.", "Agree how you will talk to the tutors you recruit."],
                [Roles.AcademicCurriculum] = ["Choose curriculum aligned with core instruction: 10-20 weeks of lessons that fit 30 minutes and a non-certified tutor."],
                [Roles.ResearchData] = ["Decide early whether a separate data system is needed.", "Set up unique ids and tracking of session data before launch."],
                [Roles.TechnologySupport] = ["Name who monitors technology and supports tutors.", "Find and address technology challenges early."],
                [Roles.BudgetFunding] = ["Set up program funding, grants and procurement."],
                [Roles.HrPayroll] = ["Set up recruitment, background checks, onboarding and payroll for tutors."],
                [Roles.LegalCounsel] = ["Secure contracts and data-sharing agreements."],
                [Roles.Facilities] = ["Plan and allocate space for sessions."],
                [Roles.CaregiverEngagement] = ["Plan how families will hear about the program and its benefits."],
            }),
        new(ActionPhase.InitialImplementation, "Initial implementation", "Launching", "piloting, small-scale testing",
            "Tutoring has started and is watched for effectiveness. Teams set aside structured, consistent time to manage and improve it until it is a strong prototype.",
            new Dictionary<string, string[]>
            {
                [Roles.Tutor] = ["Read the weekly updates and answer the short surveys.", "Tell us what you need at any time: write to HitBot, we answer."],
                [Roles.CentralTeam] = ["Hold weekly calls to address needs; set a cadence for feedback and milestone check-ins.", "Send a weekly or bi-weekly update to tutors; plan for attendance, engagement and technology challenges."],
                [Roles.ExecutiveChampion] = ["Remove barriers to implementation fidelity.", "Advocate for regular data analysis."],
                [Roles.SiteChampion] = ["Share and review your site's data, and give feedback for continuous improvement.", "Set clear expectations with tutors, school staff, students and families."],
                [Roles.SchoolLeader] = ["Join the planning or implementation committee: your input is asked for regularly.", "Watch the fidelity of tutoring at your school."],
                [Roles.SchoolLeaderSupport] = ["Support tutors and school operations through the initial rollout."],
                [Roles.Coach] = ["Run ongoing, job-embedded coaching.", "Conduct walkthroughs to assess tutor practice."],
                [Roles.PartnerLead] = ["Talk directly with the tutors you recruited."],
                [Roles.AcademicCurriculum] = ["Check that sessions stay aligned with core instruction; have enough content for 10-20 weeks."],
                [Roles.ResearchData] = ["Collect session data and hold the data reflection routine."],
                [Roles.TechnologySupport] = ["Troubleshoot tools for tutors and students as needed."],
                [Roles.CaregiverEngagement] = ["Keep families informed and participating."],
            }),
        new(ActionPhase.ScalingAndSustainability, "Scaling and sustainability", "Scaling", "expanding district-wide, embedding into systems",
            "A solid prototype exists; the program grows while monitoring continues, and prepares for sustainability: funding, the student experience, community engagement and integration into academic programming.",
            new Dictionary<string, string[]>
            {
                [Roles.Tutor] = ["The program is growing: tell us if you would like more hours or a coaching role.", "Experienced tutors are the program's future coaches."],
                [Roles.CentralTeam] = ["Reassess goals with what you learned about the tutor pipeline; choose grades and subjects to expand.", "Make tutor training more robust and integrate tutoring into long-term district plans."],
                [Roles.ExecutiveChampion] = ["Explore every funding option (Title I where it applies) while keeping fidelity.", "Embed tutoring in the district's long-term improvement strategy."],
                [Roles.SiteChampion] = ["Keep reviewing your site's data and retaining your tutors.", "Include school leaders and teachers in the tutor pipeline."],
                [Roles.SchoolLeader] = ["Take part in tutor retention and in allocating program funding."],
                [Roles.SchoolLeaderSupport] = ["Ensure school leaders are involved in retention and funding decisions."],
                [Roles.Coach] = ["Strengthen training: multilingual learners, students with disabilities, social-emotional wellbeing."],
                [Roles.PartnerLead] = ["Expand existing pipelines and help set realistic expectations for how many tutors can be found and kept."],
                [Roles.AcademicCurriculum] = ["Review data and improve curriculum before the program gets much larger."],
                [Roles.ResearchData] = ["Decide whether the data system needs an upgrade for a larger program."],
                [Roles.BudgetFunding] = ["Allocate budgets for ongoing professional learning and material replenishment."],
            }),
    ];

    public static Phase Of(ActionPhase phase) => All.Single(p => p.Id == phase);

    /// <summary>
    /// What the phase expects of someone with these roles, one line each. People whose roles the phase asks nothing of get a
    /// general line: pointing at the phase's items they own, or, when they own none (<paramref name="ownsItems"/> false: legal
    /// counsel once tutoring has launched), not at items their card does not list.
    /// </summary>
    public static List<string> ExpectationsFor(ActionPhase phase, IEnumerable<string> roles, bool ownsItems = true)
    {
        var guide = Of(phase);
        var lines = roles.SelectMany(r => guide.ByRole.GetValueOrDefault(r) ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (lines.Count > 0) return lines;
        return [ownsItems
            ? "Look at the action items of this phase you own, and tell the central team what gets in the way."
            : "This phase asks nothing new of your role; tell the central team if something gets in the way."];
    }
}
