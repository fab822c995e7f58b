namespace HitBot.Core.Directory;

/// <summary>
/// The roles of the program (seed 004 plus tutors and partner leads). Stored as these stable slugs;
/// a roster may spell them as people do ("Site Champion", "site champion", "site-champion").
/// </summary>
public static class Roles
{
    public const string Tutor = "tutor";
    public const string CentralTeam = "central-team";
    public const string ExecutiveChampion = "executive-champion";
    public const string SiteChampion = "site-champion";
    public const string PartnerLead = "partner-lead";
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
        Tutor, CentralTeam, ExecutiveChampion, SiteChampion, PartnerLead, SchoolLeaderSupport, AcademicCurriculum,
        ResearchData, TechnologySupport, BudgetFunding, CaregiverEngagement, Facilities, LegalCounsel, HrPayroll,
    ];

    static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["coordinator"] = CentralTeam,
        ["program-coordinator"] = CentralTeam,
        ["central"] = CentralTeam,
        ["executive"] = ExecutiveChampion,
        ["site-lead"] = SiteChampion,
        ["partner"] = PartnerLead,
        ["research-and-data"] = ResearchData,
        ["data"] = ResearchData,
        ["academic-and-curriculum"] = AcademicCurriculum,
        ["technology"] = TechnologySupport,
        ["hr-and-payroll"] = HrPayroll,
        ["budget-and-funding"] = BudgetFunding,
    };

    static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        [Tutor] = "Tutors", [CentralTeam] = "Central team", [ExecutiveChampion] = "Executive champions",
        [SiteChampion] = "Site champions", [PartnerLead] = "Partner leads", [SchoolLeaderSupport] = "School leader support",
        [AcademicCurriculum] = "Academic & curriculum", [ResearchData] = "Research & data", [TechnologySupport] = "Technology support",
        [BudgetFunding] = "Budget & funding", [CaregiverEngagement] = "Caregiver engagement", [Facilities] = "Facilities",
        [LegalCounsel] = "Legal counsel", [HrPayroll] = "HR & payroll",
    };

    /// <summary>How a role is shown to people, e.g. in an audience picker: "Site champions".</summary>
    public static string Title(string role) => Titles.GetValueOrDefault(role, role);

    /// <summary>The slug for a role as a person wrote it, or null when it is not a role of the program.</summary>
    public static string? Parse(string text)
    {
        var slug = string.Join('-', text.Trim().ToLowerInvariant()
            .Replace('&', ' ').Replace('_', ' ').Replace('/', ' ')
            .Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries));
        if (All.Contains(slug)) return slug;
        if (Aliases.TryGetValue(slug, out var alias)) return alias;
        return slug.EndsWith('s') && All.Contains(slug[..^1]) ? slug[..^1] : null;
    }
}
