namespace HitBot.Hosting;

public static class CardGallerySetup
{
    /// <summary>Nothing to add yet: features register their samples and platforms their formats; kept as the place Slack's format joins.</summary>
    public static IServiceCollection AddCardGallery(this IServiceCollection services) => services;
}
