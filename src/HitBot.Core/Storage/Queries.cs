using LiteDB;

namespace HitBot.Core.Storage;

/// <summary>Equality look-ups with the value as a parameter.</summary>
/// <remarks>
/// LiteDB's <c>Query.EQ(field, value)</c> writes the value into the expression's text, and LiteDB parses, compiles and
/// keeps (for good) one expression per distinct text: every feedback number, run id or update id looked up grew the
/// process and paid a compile (docs/benchmarks.md, the roster import). With the value as <c>@0</c> the text is the same
/// for every value, so it is compiled once.
/// </remarks>
public static class Queries
{
    public static BsonExpression Equal(string field, BsonValue value) => BsonExpression.Create(field + " = @0", value);
}
