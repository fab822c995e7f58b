using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>
/// The by-site and by-partner breakdowns of an anonymous run, hidden together: no shown group, and no breakdown's hidden
/// groups taken together (the overall minus its shown ones), may be 1–4 answers apart from one of the other breakdown.
/// </summary>
public sealed class SuppressedTogetherTests
{
    static IEnumerable<SurveyResponse> Answers(string site, string? partner, int count) =>
        Enumerable.Range(0, count).Select(i => new SurveyResponse { Id = $"{site}-{partner}-{i}", Site = site, Partner = partner });

    [Fact]
    public void The_hidden_sites_together_are_not_one_tutor_apart_from_a_shown_partner()
    {
        // Clark's two answers hide Adams too (each breakdown's own rule). Adams and Clark together, the overall minus Baker,
        // are Pine's 6 and one Clark tutor of Quill; Baker is Quill but that tutor. Baker goes too, and then no site is
        // shown: Pine and Quill, 6 each, stay.
        var answers = Answers("adams", "pine", 5).Concat(Answers("clark", "pine", 1)).Concat(Answers("clark", "quill", 1))
            .Concat(Answers("baker", "quill", 5)).ToList();

        var (sites, partners) = SurveyResults.SuppressedTogether(answers);

        Assert.Equal(["adams", "baker", "clark"], sites.Order());
        Assert.Empty(partners);
    }

    [Fact]
    public void Sites_and_partners_that_share_few_tutors_but_differ_by_many_all_stay_shown()
    {
        // Each partner works at both sites: every site and partner is 10 answers apart from each of the other breakdown.
        var answers = Answers("adams", "pine", 5).Concat(Answers("adams", "quill", 5))
            .Concat(Answers("baker", "pine", 5)).Concat(Answers("baker", "quill", 5)).ToList();

        var (sites, partners) = SurveyResults.SuppressedTogether(answers);

        Assert.Empty(sites);
        Assert.Empty(partners);
    }
}
