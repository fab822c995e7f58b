using LiteDB;

namespace HitBot.Core.Storage;

/// <summary>
/// A query with one parameter (<c>@0</c>) whose text is parsed once, for look-ups made at every request or delivery.
/// </summary>
/// <remarks>
/// <c>BsonExpression.Create(text, value)</c> tokenizes and parses the text at every call, though LiteDB compiles each
/// text only once: the dispatcher's claim and next-due queries and the outbox's key look-up were about 3 % of a Slack
/// click's processor time (docs/benchmarks.md). The parsed expression carries its parameter, so one run at a time uses
/// it: the value is set and the query read to its end under a lock (each of these queries returns at most a few hundred rows).
/// The lock is held only while LiteDB reads. The outbox's key look-up runs inside write transactions, which HitBot's write
/// lock already serializes, so no caller waits here while holding a transaction another waiter needs.
/// </remarks>
public sealed class ParsedQuery(string text)
{
    readonly BsonExpression expression = BsonExpression.Create(text);

    /// <summary>Runs <paramref name="query"/> with <c>@0</c> = <paramref name="value"/>; it must read its rows before it returns.</summary>
    public T Run<T>(BsonValue value, Func<BsonExpression, T> query)
    {
        lock (expression)
        {
            expression.Parameters["0"] = value;
            return query(expression);
        }
    }
}
