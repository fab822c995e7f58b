using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.Feedback;

/// <summary>A thank-you from the central team to a person or an audience ("express appreciation", seed 001).</summary>
public sealed record Appreciation
{
    public const int MaxMessage = 2000;
    public const int MaxTitle = 100;

    public string Id { get; init; } = "";
    public string Title { get; init; } = "";
    public string Message { get; init; } = "";
    public Audience Audience { get; init; } = new();
    public DateTime CreatedAt { get; init; }

    public string Campaign => "thanks:" + Id;
}

/// <summary>What the central team asks for; <see cref="Id"/> is optional and makes a retried request send nothing twice.</summary>
public sealed record AppreciationRequest(string? Id, string? Title, string? Message, Audience? Audience)
{
    public List<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Message)) problems.Add("message: say what you are thanking them for.");
        else if (Message.Length > Appreciation.MaxMessage) problems.Add($"message: at most {Appreciation.MaxMessage:N0} characters.");
        else if (MarkdownText.Problem("message", Message) is { } nested) problems.Add(nested);
        if (Title is { Length: > Appreciation.MaxTitle }) problems.Add($"title: at most {Appreciation.MaxTitle} characters.");
        else if (MarkdownText.LineBreakProblem("title", Title?.Trim()) is { } broken) problems.Add(broken);
        if (Id is { } id && (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            problems.Add("id: 1 to 64 letters, digits, '-' or '_'.");
        if (Audience is null || Audience.IsEmpty) problems.Add("audience: choose roles, sites, partners, interests or people.");
        else problems.AddRange(AudienceResolver.Problems(Audience));
        return problems;
    }
}

public sealed record AppreciationReport(string Id, int Matched, int OptedOut, int NotInChat, int Queued)
{
    /// <summary>Of those queued, the thank-yous moved to a later day because the person's weekly message budget was full.</summary>
    public int HeldBack { get; init; }

    /// <summary>
    /// This id was sent before (a retried request, a second click): nothing went twice, and the thank-you is the one first
    /// sent, whatever this request said; only people who joined the audience since were queued.
    /// </summary>
    public bool AlreadySent { get; init; }
}

/// <summary>Queues one thank-you card per person of the audience; the same appreciation sent again queues nobody twice.</summary>
public sealed class AppreciationSender(AppreciationStore store, AudienceResolver audiences, OutboxStore outbox, MessageBudget budget, TimeProvider time)
{
    public AppreciationReport Send(AppreciationRequest request)
    {
        var now = time.GetUtcNow();
        var id = request.Id ?? Guid.NewGuid().ToString("N")[..12];
        var earlier = store.Find(id);
        var appreciation = earlier ?? new Appreciation
        {
            Id = id,
            Title = string.IsNullOrWhiteSpace(request.Title) ? "Thank you!" : request.Title.Trim(),
            Message = request.Message!.Trim(),
            Audience = request.Audience!,
            CreatedAt = now.UtcDateTime,
        };
        store.Save(appreciation);
        var reach = audiences.Resolve(appreciation.Audience);
        var card = FeedbackCards.Thanks(appreciation);
        var rows = reach.Recipients.Select(r =>
            Delivery.Send($"{appreciation.Campaign}:{r.Person.Id}", appreciation.Campaign, r.Person.Id, r.Address, card, now));
        // A repeat is for the people who joined the audience since: the others have theirs, so they are neither fitted into
        // their week again nor counted as queued (the answer said the whole audience was thanked a second time).
        if (earlier is not null) rows = rows.Where(d => outbox.Find(d.Id) is null);
        // A thank-you counts against each person's weekly message budget; one that does not fit waits for the next free day.
        var planned = budget.Fit(rows, BudgetOverflow.Defer, now);
        var queued = outbox.EnqueueMany(planned);
        return new AppreciationReport(id, reach.Matched, reach.OptedOut, reach.NotInChat, queued)
        {
            HeldBack = planned.Count(d => d.HeldUntil is not null), AlreadySent = earlier is not null,
        };
    }
}
