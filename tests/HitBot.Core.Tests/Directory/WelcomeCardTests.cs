using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;

namespace HitBot.Core.Tests.Directory;

/// <summary>
/// The welcome is the first thing someone reads of HitBot, often on a phone. A site champion, a partner lead or a district
/// lead was promised surveys "about how tutoring is going for you" and told nothing of what HitBot does for their role.
/// </summary>
public sealed class WelcomeCardTests
{
    static string TextOf(Person person) =>
        string.Join('\n', WelcomeCards.Welcome(person, "Riverside Tutoring Program").Card.Body.OfType<TextBlock>().Select(t => t.Markdown));

    [Fact]
    public void A_site_champions_welcome_says_they_hear_which_of_their_sites_tutors_may_not_stay()
    {
        var text = TextOf(new Person { Name = "Ben Okafor", Roles = [Roles.SiteChampion], Site = "lincoln" });

        Assert.Contains("tutors at your site who may not stay", text, StringComparison.Ordinal);
        Assert.DoesNotContain("how tutoring is going for you", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partner_leads_welcome_says_they_can_post_to_their_tutors_and_hear_who_may_not_stay()
    {
        var text = TextOf(new Person { Name = "Pia Chen", Roles = [Roles.PartnerLead], Partner = "citytutors" });

        Assert.Contains("**post update**", text, StringComparison.Ordinal);
        Assert.Contains("tutors your partner recruited who may not stay", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tutor_who_is_also_a_site_champion_is_asked_how_tutoring_goes_and_told_of_their_sites_list()
    {
        var text = TextOf(new Person { Name = "Cara Diaz", Roles = [Roles.Tutor, Roles.SiteChampion], Site = "lincoln" });

        Assert.Contains("how tutoring is going for you", text, StringComparison.Ordinal);
        Assert.Contains("tutors at your site who may not stay", text, StringComparison.Ordinal);
    }
}
