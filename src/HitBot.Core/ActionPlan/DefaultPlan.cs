namespace HitBot.Core.ActionPlan;

/// <summary>
/// The eleven action steps of the implementation checklist's table (seed 000), in its order and with its titles (its
/// "Adust" typo corrected). The table gives no phases; which phase a step belongs to is HitBot's reading of its three
/// phases: designing the program (steps 1-5) is installation, training, the data plan, the first sessions, the
/// walkthroughs and the regular data reflection meetings (6-10) are initial implementation, and adjusting the program on
/// what the data shows (11) is scaling and sustainability. The meetings start with the pilot: 003 holds "regular data review
/// meetings with pilot schools", 001 asks the launching phase for "structured and consistent time" to improve the program,
/// and <see cref="PhaseGuide"/> tells the research and data team to "hold the data reflection routine" in it.
/// </summary>
public static class DefaultPlan
{
    public static readonly IReadOnlyList<(string Key, ActionPhase Phase, string Title, string Description)> Steps =
    [
        ("align-curriculum", ActionPhase.Installation, "Align Tutoring with Curriculum & School Policies",
            "Align tutoring materials with grading policies, instructional time and curriculum frameworks; give school leaders guidelines for supporting tutors."),
        ("instructional-routines", ActionPhase.Installation, "Establish Instructional Routines",
            "Set the routines every tutoring session follows, so tutors and students know what to expect."),
        ("individualization", ActionPhase.Installation, "Guide Individualization Decisions",
            "Decide how tutors adapt materials to each student, and who makes which call."),
        ("scope-sequence", ActionPhase.Installation, "Develop Scope and Sequence for Tutors",
            "Lay out what tutors teach and in which order across the term."),
        ("staff-coach-training", ActionPhase.Installation, "Develop Staff and Coach Training",
            "Build the onboarding and coaching plan for tutors, coaches and teachers."),
        ("tutor-training", ActionPhase.InitialImplementation, "Implement Tutor Training and Ongoing Coaching",
            "Run initial onboarding for every tutor, then job-embedded coaching and PLC engagement."),
        ("data-plan", ActionPhase.InitialImplementation, "Develop Data Collection and Reflection Plan",
            "Choose the walkthrough tools and session data to collect, and set the routine for reflecting on them."),
        ("sessions-data", ActionPhase.InitialImplementation, "Implement Tutoring Sessions and Gather Data",
            "Start tutoring sessions and collect student performance data from them."),
        ("walkthroughs", ActionPhase.InitialImplementation, "Conduct Walkthroughs to Assess Tutor Practice",
            "Use the standard instructional walkthrough tool to assess tutor practice."),
        ("reflection-meetings", ActionPhase.InitialImplementation, "Conduct Regular Data Reflection Meetings",
            "Hold data reflection meetings among tutors, site coordinators and district leads."),
        ("adjust-implementation", ActionPhase.ScalingAndSustainability, "Adjust Implementation Based on Data Insights",
            "Use what the data shows to adjust the program, its budget and its plans for sustainability."),
    ];

    /// <summary>
    /// A step's title as the checklist's table spells it, where HitBot corrected it: a district that fills in that table and
    /// imports it names step 11 "Adust …", and the import finds the step by it.
    /// </summary>
    public static string? ChecklistSpelling(string key) => key == "adjust-implementation" ? "Adust Implementation Based on Data Insights" : null;

    /// <summary>The step the checklist calls "Regular": data reflection meetings, every two weeks, each with its pre-read.</summary>
    public const string ReflectionMeetings = "reflection-meetings";

    /// <summary>How a seeded step repeats, or null for a one-off.</summary>
    public static ItemRepeat? Repeats(string key) => key == ReflectionMeetings ? new ItemRepeat { EveryWeeks = 2, Day = DayOfWeek.Thursday } : null;

    /// <summary>The phase as the admin API writes it: installation, initial-implementation, scaling-and-sustainability.</summary>
    public static string PhaseKey(ActionPhase phase) => phase switch
    {
        ActionPhase.Installation => "installation",
        ActionPhase.InitialImplementation => "initial-implementation",
        _ => "scaling-and-sustainability",
    };

    public static string PhaseName(ActionPhase phase) => phase switch
    {
        ActionPhase.Installation => "Program installation",
        ActionPhase.InitialImplementation => "Initial implementation",
        ActionPhase.ScalingAndSustainability => "Scaling and sustainability",
        _ => phase.ToString(),
    };
}
