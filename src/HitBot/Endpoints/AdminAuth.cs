using System.Security.Cryptography;
using System.Text;
using HitBot.Hosting;
using Microsoft.Extensions.Options;

namespace HitBot.Endpoints;

/// <summary>Bearer-token check for the admin API: off when no token is set, 401 for a missing or wrong one.</summary>
public sealed class AdminAuth(IOptions<AdminOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var token = options.Value.Token;
        if (token.Length == 0)
            return TypedResults.Problem(title: "The admin API is off: set HitBot:Admin:Token to turn it on.", statusCode: StatusCodes.Status404NotFound);

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.Ordinal) ? header[scheme.Length..].Trim() : "";
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token)))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(title: "Send the admin token as 'Authorization: Bearer <token>'.", statusCode: StatusCodes.Status401Unauthorized);
        }
        return await next(context);
    }
}
