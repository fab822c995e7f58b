using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>A submitted survey card checked against the run's questions: what is kept, and what the person is asked to fix.</summary>
public sealed class SurveyAnswersTests
{
    static readonly List<Question> Pulse = RetentionPulse.Create("pulse", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Questions;

    [Fact]
    public void A_required_question_left_empty_is_asked_for_and_an_optional_one_is_not()
    {
        var (answers, problems) = SurveyAnswers.Check(Pulse, new Dictionary<string, string> { ["intent"] = "yes", ["satisfaction"] = " ", ["support"] = "4" });

        Assert.Equal(new Dictionary<string, string> { ["satisfaction"] = SurveyAnswers.Missing }, problems);
        Assert.Equal(["intent", "support"], answers.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_answer_outside_the_questions_options_is_refused()
    {
        var (_, problems) = SurveyAnswers.Check(Pulse, new Dictionary<string, string>
        {
            ["intent"] = "maybe", ["satisfaction"] = "6", ["support"] = "4", ["interests"] = "coaching,juggling",
        });

        Assert.Equal(["intent", "interests", "satisfaction"], problems.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_multiple_choice_answer_is_kept_once_per_option_and_unknown_inputs_are_ignored()
    {
        var (answers, problems) = SurveyAnswers.Check(Pulse, new Dictionary<string, string>
        {
            ["intent"] = "yes", ["satisfaction"] = "5", ["support"] = "5", ["interests"] = "coaching, coaching,more-hours", ["not-a-question"] = "x",
        });

        Assert.Empty(problems);
        Assert.Equal("coaching,more-hours", answers["interests"]);
        Assert.False(answers.ContainsKey("not-a-question"));
    }

    [Fact]
    public void A_free_text_answer_longer_than_the_limit_is_refused_rather_than_cut()
    {
        var (answers, problems) = SurveyAnswers.Check(Pulse, new Dictionary<string, string>
        {
            ["intent"] = "yes", ["satisfaction"] = "5", ["support"] = "5", ["help-stay"] = new string('x', Question.MaxText + 1),
        });

        Assert.StartsWith("Please keep this to 1,000 characters or fewer", problems["help-stay"], StringComparison.Ordinal);
        Assert.False(answers.ContainsKey("help-stay"));
    }

    [Fact]
    public void An_answer_reads_with_its_option_titles()
    {
        var interests = Pulse.Single(q => q.Id == RetentionPulse.InterestsQuestion);

        Assert.Equal("More hours, A coaching role", SurveyAnswers.Display(interests, "more-hours,coaching"));
    }
}
