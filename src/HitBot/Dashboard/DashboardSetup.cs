using HitBot.Admin;
using HitBot.Features.Updates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace HitBot.Dashboard;

public static class DashboardSetup
{
    /// <summary>
    /// The admin API's and the dashboard's door on ASP.NET Core authentication: a bearer scheme for scripts, the session
    /// cookie for browsers, one policy scheme choosing between them, the caller's roles as claims, the three admin policies
    /// and the partner leads' cohort rule, the CSRF tokens and the throttle.
    /// </summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton<AdminIdentity>();
        services.AddSingleton<DashboardSessions>();
        services.AddSingleton<AuthFailureThrottle>();
        services.AddAuthentication()
            .AddCookie(DashboardSession.Scheme, o =>
            {
                o.Cookie.Name = DashboardSession.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the dashboard is reached over https (as it must be in production; see the README).
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = DashboardSession.Lifetime;
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.Events.OnValidatePrincipal = DashboardSession.ValidateAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, AdminBearerHandler>(AdminBearerHandler.Name, _ => { })
            // A request with a bearer token is a script and is judged by it alone; otherwise it is a browser (whose proxy
            // sign-in may add a Basic header of its own).
            .AddPolicyScheme(AdminApi.Scheme, AdminApi.Scheme, o => o.ForwardDefaultSelector = http =>
                AdminBearerHandler.BearerToken(http.Request) is not null ? AdminBearerHandler.Name : DashboardSession.Scheme);
        services.AddSingleton<IClaimsTransformation, AdminRoleClaims>();
        services.AddAuthorizationBuilder().AddAdminPolicies();
        services.AddSingleton<IAuthorizationHandler, AdminAccessHandler>();
        services.AddSingleton<IAuthorizationHandler, PartnerLeadCohortHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AdminAuthorizationResults>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "hitbot.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = DashboardEndpoints.CsrfHeader;
            o.FormFieldName = DashboardEndpoints.CsrfField;
        });
        return services;
    }
}
