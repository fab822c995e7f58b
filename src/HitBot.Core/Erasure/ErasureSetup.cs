using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Core.Erasure;

/// <summary>Erasing a person: above every feature, since it asks each one to erase its part.</summary>
public static class ErasureSetup
{
    public static IServiceCollection AddErasure(this IServiceCollection services)
    {
        services.AddSingleton<ErasureStore>().AddSingleton<PersonErasure>().AddHostedService<ErasureResumer>();
        // Its counterpart: what HitBot holds about a person, from the same stores.
        services.AddSingleton<PersonData.PersonDataExport>();
        return services;
    }
}
