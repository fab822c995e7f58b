using HitBot.Endpoints;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace HitBot.Dashboard;

public static class DashboardSetup
{
    /// <summary>The session cookie, the CSRF tokens and the admin identity check the dashboard and the admin API share.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton<AdminIdentity>();
        services.AddAuthentication().AddCookie(DashboardSession.Scheme, o =>
        {
            o.Cookie.Name = DashboardSession.CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the dashboard is reached over https (as it must be in production; see the README).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = DashboardSession.Lifetime;
            o.SlidingExpiration = true;
            o.LoginPath = "/login";
        });
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
