using HitBot.Core.Storage;

namespace HitBot.Core.Tests.Storage;

/// <summary>
/// HitBot writes to different collections from many threads at once (a tutor's answer, the dispatcher recording a send,
/// the retention pass deleting old rows). LiteDB 5.0.x corrupts its free-page list when that happens unguarded — the
/// file then answers every query with "empty page must be defined as empty type" — so HitBotDb takes writes one at a time.
/// </summary>
public sealed class ConcurrentWriteTests : IDisposable
{
    readonly TempDb temp = new();

    public void Dispose() => temp.Dispose();

    sealed record Row
    {
        public int Id { get; init; }
        public string Text { get; init; } = "";
    }

    [Fact]
    public async Task Writers_to_different_collections_and_a_pruner_at_once_leave_a_database_that_still_reads_and_writes()
    {
        const int Rounds = 400;
        var answers = temp.Db.Collection<Row>("answers");
        var sent = temp.Db.Collection<Row>("sent");
        var padding = new string('x', 3000); // rows big enough to fill and free whole pages
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task Run(Action<int> work) => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < Rounds; i++) work(i);
        }, TestContext.Current.CancellationToken);

        var writers = new[]
        {
            Run(i => answers.Insert(new Row { Text = padding + i })),
            Run(i => sent.Insert(new Row { Text = padding + i })),
            Run(i => temp.Db.InTransaction(() => sent.Insert([new Row { Text = padding }, new Row { Text = padding }]))),
            Run(_ => answers.DeleteAll()),
        };
        start.SetResult();
        await Task.WhenAll(writers);

        // Still whole: it counts, takes new rows, and opens again after a restart with every row it said it holds.
        answers.Insert(new Row { Text = "after" });
        var held = (answers.Count(), sent.Count());
        var reopened = temp.Reopen();
        Assert.Equal(held, (reopened.Collection<Row>("answers").Count(), reopened.Collection<Row>("sent").Count()));
        Assert.Equal(3 * Rounds, held.Item2);
    }
}
