using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Tests.Messaging;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(5, 32)]
    [InlineData(9, 512)]
    public void Each_failed_attempt_doubles_the_wait(int attempt, double seconds)
    {
        var wait = RetryPolicy.Backoff(attempt, jitter: 0);

        Assert.Equal(TimeSpan.FromSeconds(seconds), wait);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(50)]
    public void The_wait_stops_growing_at_fifteen_minutes(int attempt)
    {
        var wait = RetryPolicy.Backoff(attempt, jitter: 0);

        Assert.Equal(TimeSpan.FromMinutes(15), wait);
    }

    [Fact]
    public void Jitter_moves_the_wait_by_at_most_a_fifth()
    {
        var shortest = RetryPolicy.Backoff(3, jitter: -1);
        var longest = RetryPolicy.Backoff(3, jitter: 1);
        var beyond = RetryPolicy.Backoff(3, jitter: 5);

        Assert.Equal((TimeSpan.FromSeconds(6.4), TimeSpan.FromSeconds(9.6)), (shortest, longest));
        Assert.Equal(longest, beyond);
    }
}
