namespace HitBot.Core.Directory;

/// <summary>
/// The roles of the program (seed 004 plus tutors, partner leads, school leaders and coaches). Stored as these stable slugs;
/// a roster may spell them as people do: the department names of 004 exactly as written ("Research and Data Teams"),
/// everyday titles ("principal", "site coordinator"), in any case, spacing or punctuation.
/// </summary>
public static class Roles
{
    public const string Tutor = "tutor";
    public const string CentralTeam = "central-team";
    public const string ExecutiveChampion = "executive-champion";
    public const string SiteChampion = "site-champion";
    public const string PartnerLead = "partner-lead";
    public const string SchoolLeader = "school-leader";
    public const string Coach = "coach";
    public const string SchoolLeaderSupport = "school-leader-support";
    public const string AcademicCurriculum = "academic-curriculum";
    public const string ResearchData = "research-data";
    public const string TechnologySupport = "technology-support";
    public const string BudgetFunding = "budget-funding";
    public const string CaregiverEngagement = "caregiver-engagement";
    public const string Facilities = "facilities";
    public const string LegalCounsel = "legal-counsel";
    public const string HrPayroll = "hr-payroll";

    public static readonly IReadOnlyList<string> All =
    [
        Tutor, CentralTeam, ExecutiveChampion, SiteChampion, PartnerLead, SchoolLeader, Coach, SchoolLeaderSupport,
        AcademicCurriculum, ResearchData, TechnologySupport, BudgetFunding, CaregiverEngagement, Facilities, LegalCounsel, HrPayroll,
    ];

    /// <summary>
    /// Other spellings, already normalised by <see cref="Normalize"/> ("and" and "&amp;" dropped, plurals kept as written).
    /// The 004 department names are here as written; everyday titles go to the closest role.
    /// </summary>
    static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["coordinator"] = CentralTeam,
        ["program-coordinator"] = CentralTeam,
        ["program-manager"] = CentralTeam,
        // 003: "Appoint a district program coordinator as the point of contact".
        ["district-program-coordinator"] = CentralTeam,
        ["central"] = CentralTeam,
        ["executive"] = ExecutiveChampion,
        ["executive-champion-support"] = ExecutiveChampion,
        ["site-lead"] = SiteChampion,
        ["site-coordinator"] = SiteChampion,
        ["partner"] = PartnerLead,
        // 001: "pipeline partners ... directly communicating with tutors they recruited".
        ["pipeline-partner"] = PartnerLead,
        ["principal"] = SchoolLeader,
        ["assistant-principal"] = SchoolLeader,
        ["vice-principal"] = SchoolLeader,
        // 000 §1 and §4, 003: "school administrators", beside the principals.
        ["school-administrator"] = SchoolLeader,
        ["school-leader"] = SchoolLeader,
        // A teacher on a tutoring roster is teaching staff who tutors (001: "consider current teaching staff").
        ["teacher"] = Tutor,
        ["instructional-coach"] = Coach,
        ["tutor-coach"] = Coach,
        ["coaches"] = Coach,
        ["school-leader-support-team"] = SchoolLeaderSupport,
        ["research-data-team"] = ResearchData,
        ["research-data-teams"] = ResearchData,
        ["data"] = ResearchData,
        ["academic-curriculum-team"] = AcademicCurriculum,
        ["academic-curriculum-teams"] = AcademicCurriculum,
        ["technology"] = TechnologySupport,
        ["facilities-management"] = Facilities,
        // 004, Caregiver Engagement: "Partner with family engagement teams".
        ["family-engagement"] = CaregiverEngagement,
        ["family-engagement-team"] = CaregiverEngagement,
    };

    static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        [Tutor] = "Tutors", [CentralTeam] = "Central team", [ExecutiveChampion] = "Executive champions",
        [SiteChampion] = "Site champions", [PartnerLead] = "Partner leads", [SchoolLeader] = "School leaders", [Coach] = "Coaches",
        [SchoolLeaderSupport] = "School leader support team", [AcademicCurriculum] = "Academic and curriculum teams", [ResearchData] = "Research and data teams",
        [TechnologySupport] = "Technology support", [BudgetFunding] = "Budget and funding", [CaregiverEngagement] = "Caregiver engagement",
        [Facilities] = "Facilities management", [LegalCounsel] = "Legal counsel", [HrPayroll] = "HR and payroll",
    };

    /// <summary>What a roster may say for each role, for error messages and the README: the 004 names as written first.</summary>
    public static readonly IReadOnlyList<(string Role, string Spellings)> AcceptedSpellings =
    [
        (Tutor, "Tutor, teacher"),
        (CentralTeam, "Central Team, Coordinator, Program Coordinator, District Program Coordinator, Program Manager"),
        (ExecutiveChampion, "Executive Champion, Executive Champion Support"),
        (SiteChampion, "Site Champions, Site Champion, Site Coordinator, Site Lead"),
        (PartnerLead, "Partner Lead, Partner, Pipeline Partner"),
        (SchoolLeader, "School Leader, Principal, Assistant Principal, Vice Principal, School Administrator"),
        (Coach, "Coach, Instructional Coach, Tutor Coach"),
        (SchoolLeaderSupport, "School Leader Support Team, School Leader Support"),
        (AcademicCurriculum, "Academic and Curriculum Teams, Academic & Curriculum"),
        (ResearchData, "Research and Data Teams, Research & Data, Data"),
        (TechnologySupport, "Technology Support, Technology"),
        (BudgetFunding, "Budget and Funding"),
        (CaregiverEngagement, "Caregiver Engagement, Family Engagement"),
        (Facilities, "Facilities Management, Facilities"),
        (LegalCounsel, "Legal Counsel"),
        (HrPayroll, "HR and Payroll"),
    ];

    /// <summary>
    /// How a role is shown to people, e.g. in an audience picker: "Site champions"; the departments of 004 by its names
    /// ("Research and data teams"), in the dashboard's sentence case.
    /// </summary>
    public static string Title(string role) => Titles.GetValueOrDefault(role, role);

    /// <summary>The accepted names in one line, for the message that refuses an unknown role.</summary>
    public static string AcceptedNames() => string.Join("; ", AcceptedSpellings.Select(a => a.Spellings));

    /// <summary>The slug for a role as a person wrote it, or null when it is not a role of the program.</summary>
    public static string? Parse(string text)
    {
        var slug = Normalize(text);
        if (All.Contains(slug)) return slug;
        if (Aliases.TryGetValue(slug, out var alias)) return alias;
        if (slug.EndsWith('s') && slug[..^1] is var singular)
        {
            if (All.Contains(singular)) return singular;
            if (Aliases.TryGetValue(singular, out var pluralAlias)) return pluralAlias;
        }
        return null;
    }

    /// <summary>"Research and Data Teams", "research & data teams", "RESEARCH_DATA-TEAMS" → "research-data-teams".</summary>
    static string Normalize(string text)
    {
        var words = new string([.. text.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w != "and");
        return string.Join('-', words);
    }
}
