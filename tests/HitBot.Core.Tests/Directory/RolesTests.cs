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

    [Fact]
    public void A_word_that_is_no_role_is_not_guessed() => Assert.Null(Roles.Parse("principal's cat"));
}
