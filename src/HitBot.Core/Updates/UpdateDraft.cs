using HitBot.Core.Directory;

namespace HitBot.Core.Updates;

/// <summary>What the central team writes: checked field by field, with messages that say what to fix.</summary>
/// <param name="Urgent">Goes even inside a break, testing window or holiday of the program calendar.</param>
public sealed record UpdateDraft(string? Title, string? Body, string? ImageUrl, List<UpdateLink>? Links, Audience? Audience, bool? Urgent = null)
{
    /// <summary>In a change: the newsletter series to queue the draft in, or "" to take it out of its series.</summary>
    public string? SeriesId { get; init; }

    /// <summary>What the image shows, read out by screen readers in Teams and Slack in place of the picture.</summary>
    public string? ImageAlt { get; init; }

    public const int MaxImageAlt = 300;

    /// <summary>
    /// The longest address Slack takes for an image or a link button. A longer one was saved and sent, and the card then
    /// failed for every Slack recipient; the link's title is cut to fit, but a page-long one filled the update's record.
    /// </summary>
    public const int MaxUrl = 3000;

    static string LongUrl(string field) => $"{field}: at most {MaxUrl:N0} characters, the longest address Slack takes; use a shorter link to the same page.";

    public List<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Title)) problems.Add("title: give the update a title.");
        else if (Title.Length > Update.MaxTitle) problems.Add($"title: at most {Update.MaxTitle} characters.");
        else if (MarkdownText.LineBreakProblem("title", Title) is { } broken) problems.Add(broken);
        if (string.IsNullOrWhiteSpace(Body)) problems.Add("body: write the update's text (Markdown).");
        else if (Body.Length > Update.MaxBody) problems.Add($"body: at most {Update.MaxBody:N0} characters; link to a longer document instead.");
        else if (MarkdownText.Problem("body", Body) is { } nested) problems.Add(nested);
        if (ImageUrl is { Length: > 0 } image && !IsHttpsUrl(image)) problems.Add("imageUrl: must be an https:// address.");
        else if (ImageUrl is { Length: > MaxUrl }) problems.Add(LongUrl("imageUrl"));
        if (ImageAlt is { Length: > MaxImageAlt }) problems.Add($"imageAlt: at most {MaxImageAlt} characters; say what the image shows in a sentence.");
        var links = Links ?? [];
        if (links.Count > Update.MaxLinks) problems.Add($"links: at most {Update.MaxLinks}.");
        foreach (var (link, i) in links.Select((l, i) => (l, i)))
        {
            // JSON can say null where a link belongs.
            if (link is null)
            {
                problems.Add($"links[{i}]: give a title and an https:// url, not null.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(link.Title)) problems.Add($"links[{i}].title: say what the link opens.");
            else if (link.Title.Length > Update.MaxTitle) problems.Add($"links[{i}].title: at most {Update.MaxTitle} characters.");
            if (!IsHttpsUrl(link.Url)) problems.Add($"links[{i}].url: must be an https:// address.");
            else if (link.Url is { Length: > MaxUrl }) problems.Add(LongUrl($"links[{i}].url"));
        }
        var audience = Audience ?? new Audience();
        if (audience.IsEmpty) problems.Add("audience: choose roles, sites, partners, interests or people.");
        problems.AddRange(AudienceResolver.Problems(audience));
        return problems;
    }

    public Update ToUpdate(string id, DateTimeOffset now) => new()
    {
        Id = id,
        Title = Title!.Trim(),
        Body = Body!.Trim(),
        ImageUrl = string.IsNullOrWhiteSpace(ImageUrl) ? null : ImageUrl.Trim(),
        ImageAlt = string.IsNullOrWhiteSpace(ImageAlt) ? null : ImageAlt.Trim(),
        Links = Links ?? [],
        Audience = Audience! with { Roles = Audience.Roles.Select(r => Roles.Parse(r) ?? r).ToList(), InterestedIn = Audience.InterestedIn.Select(Slug.Of).ToList() },
        Status = UpdateStatus.Draft,
        CreatedAt = now.UtcDateTime,
        Urgent = Urgent == true,
    };

    static bool IsHttpsUrl(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}
