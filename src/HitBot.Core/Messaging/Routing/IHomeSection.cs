using HitBot.Core.Directory;

namespace HitBot.Core.Messaging.Routing;

/// <summary>One part of a person's home page in chat (Slack's App Home tab): each feature adds its own.</summary>
public interface IHomeSection
{
    /// <summary>Lower comes first.</summary>
    int Order { get; }

    /// <summary>The section for this person, or null when it has nothing to show them. <paramref name="person"/> is null for someone not on the roster.</summary>
    Message? Render(Person? person);
}

/// <summary>The sections of a person's home page, in order.</summary>
public sealed class HomePage(IEnumerable<IHomeSection> sections)
{
    public IReadOnlyList<Message> For(Person? person) =>
        sections.OrderBy(s => s.Order).Select(s => s.Render(person)).OfType<Message>().ToList();
}
