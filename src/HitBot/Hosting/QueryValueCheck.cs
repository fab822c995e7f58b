using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace HitBot.Hosting;

/// <summary>
/// A query value the route's handler cannot read (<c>?limit=ten</c>, <c>?archived=yes</c>) is refused as ASP.NET Core's
/// run-time binding refused it: a <see cref="BadHttpRequestException"/> that <see cref="UnreadableRequest"/> turns into the
/// 400 naming the field ("limit: must be a whole number, not 'ten'.").
/// </summary>
/// <remarks>
/// The routes are built at compile time (the Request Delegate Generator, HitBot.csproj). The generated code answers an
/// optional query value it cannot parse with a bare 400 and no message, before any filter runs, where the run-time factory
/// threw with the parameter named (dotnet/aspnetcore#46912). This checks those values first, from the handler's own
/// parameters, so the answer is the same either way.
/// </remarks>
public static class QueryValueCheck
{
    /// <summary>A query parameter of a handler that is not text: its name in the query, its type as C# writes it, its parser.</summary>
    sealed record Parsed(string Name, string TypeName, Func<string, bool> Reads);

    static readonly ConcurrentDictionary<MethodInfo, Parsed[]> ByHandler = new();

    public static WebApplication UseQueryValueCheck(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.QueryString.HasValue && context.GetEndpoint() is RouteEndpoint endpoint
                && endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler)
                foreach (var parameter in ByHandler.GetOrAdd(handler, h => QueryParameters(h, endpoint)))
                    if (context.Request.Query.TryGetValue(parameter.Name, out var values) && values.ToString() is { Length: > 0 } value
                        && !parameter.Reads(value))
                        throw new BadHttpRequestException($"Failed to bind parameter \"{parameter.TypeName} {parameter.Name}\" from \"{value}\".");
            return next(context);
        });
        return app;
    }

    static Parsed[] QueryParameters(MethodInfo handler, RouteEndpoint endpoint) =>
        handler.GetParameters()
            .Where(p => p.Name is not null && endpoint.RoutePattern.GetParameter(p.Name) is null && !BoundElsewhere(p))
            .Select(p => Reader(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) is { } reads
                ? new Parsed(p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!, Keyword(p.ParameterType), reads)
                : null)
            .OfType<Parsed>()
            .ToArray();

    static bool BoundElsewhere(ParameterInfo p) =>
        p.GetCustomAttributes().Any(a => a is FromBodyAttribute or FromServicesAttribute or FromRouteAttribute or FromHeaderAttribute or FromFormAttribute
            or AsParametersAttribute);

    /// <summary>The kinds of value HitBot's handlers take from the query, read as the generated code reads them.</summary>
    static Func<string, bool>? Reader(Type type) =>
        type == typeof(int) ? s => int.TryParse(s, CultureInfo.InvariantCulture, out _)
        : type == typeof(long) ? s => long.TryParse(s, CultureInfo.InvariantCulture, out _)
        : type == typeof(bool) ? s => bool.TryParse(s, out _)
        : type == typeof(double) ? s => double.TryParse(s, CultureInfo.InvariantCulture, out _)
        : type == typeof(decimal) ? s => decimal.TryParse(s, CultureInfo.InvariantCulture, out _)
        : type == typeof(DateOnly) ? s => DateOnly.TryParse(s, CultureInfo.InvariantCulture, out _)
        : type == typeof(DateTime) ? s => DateTime.TryParse(s, CultureInfo.InvariantCulture, out _)
        : type == typeof(DateTimeOffset) ? s => DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, out _)
        : type == typeof(Guid) ? s => Guid.TryParse(s, CultureInfo.InvariantCulture, out _)
        : null;

    /// <summary>The type as the run-time binding named it in its message (<c>int?</c>), which UnreadableRequest reads back.</summary>
    static string Keyword(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type);
        var name = (inner ?? type) switch
        {
            var t when t == typeof(int) => "int",
            var t when t == typeof(long) => "long",
            var t when t == typeof(bool) => "bool",
            var t when t == typeof(double) => "double",
            var t when t == typeof(decimal) => "decimal",
            var t => t.Name,
        };
        return inner is null ? name : name + "?";
    }
}
