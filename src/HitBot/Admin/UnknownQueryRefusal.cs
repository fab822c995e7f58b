using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace HitBot.Admin;

/// <summary>
/// A query parameter an admin route does not take is a 400 naming it and the ones it takes: <c>?stauts=blocked</c> was a
/// 200 with the whole unfiltered list, so a district's script silently worked on the wrong set. The names a route takes
/// come from its handler's own parameters, bound as minimal APIs bind them, so a route added later cannot escape it.
/// </summary>
public static class UnknownQueryRefusal
{
    public static TBuilder RefuseUnknownQueryParameters<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var fromHandler = factory.MethodInfo.GetParameters().SelectMany(QueryNames).ToList();
            // The route pattern (whose names bind from the path, not the query) is known only once a request has matched it.
            HashSet<string>? accepted = null;
            return invocation =>
            {
                var http = invocation.HttpContext;
                accepted ??= Accepted(fromHandler, http.GetEndpoint());
                var unknown = http.Request.Query.Keys.Where(k => k.Length > 0 && !accepted.Contains(k)).ToList();
                return unknown.Count == 0 ? next(invocation) : ValueTask.FromResult<object?>(Refusal(unknown, accepted, http.Request.Method));
            };
        });

    static HashSet<string> Accepted(List<(string Name, bool Explicit)> fromHandler, Endpoint? endpoint)
    {
        var routeNames = (endpoint as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var declared = endpoint?.Metadata.GetOrderedMetadata<AcceptsQueryAttribute>().SelectMany(a => a.Names) ?? [];
        // Query names are matched in any case, as minimal APIs bind them.
        return new HashSet<string>(fromHandler.Where(p => p.Explicit || !routeNames.Contains(p.Name)).Select(p => p.Name).Concat(declared),
            StringComparer.OrdinalIgnoreCase);
    }

    static ValidationProblem Refusal(List<string> unknown, HashSet<string> accepted, string method)
    {
        var takes = accepted.Count == 0 ? "it takes no query parameters" : $"it takes {string.Join(", ", accepted)}";
        var changed = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? "" : " Nothing was changed.";
        var problems = unknown.ToDictionary(k => k, k => new[] { $"{k}: this address does not take it in its query; {takes}.{changed}" });
        return unknown.Count == 1
            ? InvalidInput.Field(unknown[0], problems[unknown[0]][0])
            : TypedResults.ValidationProblem(problems, title: $"The query names {string.Join(", ", unknown)}, which this address does not take; {takes}.{changed}");
    }

    /// <summary>
    /// The query names one handler parameter binds, in the order minimal APIs decide (RequestDelegateFactory): an explicit
    /// source first, then the framework's own types, then a simple type (string, or one with TryParse) from the route or
    /// the query; anything else is a service or the body. Explicit is true for [FromQuery], which the route pattern does not take over.
    /// </summary>
    static IEnumerable<(string Name, bool Explicit)> QueryNames(ParameterInfo parameter)
    {
        var attributes = parameter.GetCustomAttributes(true);
        if (attributes.OfType<IFromQueryMetadata>().FirstOrDefault() is { } query)
            return [(query.Name ?? parameter.Name ?? "", true)];
        if (attributes.OfType<AsParametersAttribute>().Any())
            return Members(parameter.ParameterType).SelectMany(QueryNames);
        if (attributes.Any(a => a is IFromRouteMetadata or IFromBodyMetadata or IFromServiceMetadata or IFromHeaderMetadata or IFromFormMetadata
                or FromKeyedServicesAttribute))
            return [];
        var type = parameter.ParameterType;
        return parameter.Name is { } name && (IsSimple(type) || (type.IsArray && type.GetElementType() is { } element && IsSimple(element))) ? [(name, false)] : [];
    }

    static ParameterInfo[] Members(Type type) =>
        type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()?.GetParameters() ?? [];

    static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type.IsEnum || type.IsPrimitive
            || type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]) is not null
            || type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]) is not null;
    }
}
