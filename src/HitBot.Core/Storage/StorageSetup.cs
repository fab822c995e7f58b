using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Core.Storage;

/// <summary>The one owner of the database file and its settings.</summary>
public static class StorageSetup
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HitBotDb>();
        services.AddSingleton<CheckpointSignal>();
        services.AddSingleton<CheckpointProgress>().AddHostedService<CheckpointLoop>();
        return services;
    }
}
