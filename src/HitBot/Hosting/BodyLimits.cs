using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HitBot.Hosting;

/// <summary>
/// How large a request body each address reads before answering 413. Kestrel's own default was 30 MB everywhere, so a
/// stranger's 30 MB sign-in form was read and held as text. Routing applies an endpoint's limit before any middleware
/// (the admin door included) or the endpoint reads a byte; addresses without one of their own get <see cref="Default"/>.
/// </summary>
public static class BodyLimits
{
    /// <summary>Admin JSON: an audience of 50,000 person ids, the most one takes, is about 1.8 MB. The CSV uploads stop at 1 MB
    /// and Slack's (1 MB) and Teams' (256 KB) bodies at less, each with its own message, before this is reached.</summary>
    public const long Default = 4 * 1024 * 1024;

    /// <summary>The sign-in and sign-out forms: a token and the page's CSRF field are a few hundred bytes.</summary>
    public const long SignInForm = 16 * 1024;

    /// <summary>Room for a form upload's boundaries and part headers around the largest file an address takes.</summary>
    public const long FormOverhead = 64 * 1024;

    public static IServiceCollection AddBodyLimits(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = Default);

    /// <summary>This address reads at most <paramref name="bytes"/> of body; a larger one is a 413 before it is read.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
