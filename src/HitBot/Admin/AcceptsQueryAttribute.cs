namespace HitBot.Admin;

/// <summary>
/// Query names a route reads by itself (from <c>HttpContext.Request.Query</c>) beyond its handler's parameters, which
/// <see cref="UnknownQueryRefusal"/> would otherwise refuse: on the handler, or <c>.WithMetadata(new AcceptsQueryAttribute("q"))</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class AcceptsQueryAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
