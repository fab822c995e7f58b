using HitBot.Core.ActionPlan;
using HitBot.Core.Messaging;

namespace HitBot.Core.Tests.ActionPlan;

public sealed class EscalationCardTests
{
    static readonly DateOnly Today = new(2026, 3, 2);

    static (ActionItem, string, bool) Blocked(int n, int reasonLength) => (new ActionItem
    {
        Id = $"item-{n}", Title = $"Step {n}: sign the data-sharing agreement", Status = ItemStatus.Blocked,
        DueDate = Today.AddDays(-10), BlockedReason = new string('r', reasonLength),
    }, "Lena Park", true);

    static List<string> Texts(Message message) => [.. message.Card.Body.OfType<TextBlock>().Select(t => t.Markdown)];

    /// <summary>
    /// Ten blocked items whose owners each wrote a thousand-character reason quoted 10,000 characters on one card, near
    /// what Slack refuses for good (msg_blocks_too_long): the central team would have had no escalation at all. The card
    /// quotes as many as fit and counts the rest, which the dashboard lists.
    /// </summary>
    [Fact]
    public void An_escalation_of_many_long_reasons_quotes_as_many_as_fit_and_counts_the_rest()
    {
        var items = Enumerable.Range(1, 10).Select(n => Blocked(n, 1000)).ToList();

        var texts = Texts(ActionItemCards.Escalations(items, Today, escalateAfterDaysOverdue: 7));

        Assert.True(texts.Sum(t => t.Length) < 10_000, $"{texts.Sum(t => t.Length)} characters");
        var listed = texts.Count(t => t.StartsWith("**Blocked:", StringComparison.Ordinal));
        Assert.InRange(listed, 1, 9);
        Assert.Contains($"…and {10 - listed} more: the dashboard's Action plan page lists them all.", texts);
    }

    [Fact]
    public void An_escalation_of_short_reasons_lists_all_ten()
    {
        var items = Enumerable.Range(1, 10).Select(n => Blocked(n, 40)).ToList();

        var texts = Texts(ActionItemCards.Escalations(items, Today, escalateAfterDaysOverdue: 7));

        Assert.Equal(10, texts.Count(t => t.StartsWith("**Blocked:", StringComparison.Ordinal)));
        Assert.DoesNotContain(texts, t => t.StartsWith("…and", StringComparison.Ordinal));
    }
}
