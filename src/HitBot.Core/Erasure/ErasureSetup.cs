using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Core.Erasure;

/// <summary>Erasing a person: above every feature, since it asks each one to erase its part.</summary>
public static class ErasureSetup
{
    public static IServiceCollection AddErasure(this IServiceCollection services)
    {
        services.AddSingleton<ErasureStore>().AddSingleton<PersonErasure>().AddHostedService<ErasureResumer>();
        return services;
    }
}
