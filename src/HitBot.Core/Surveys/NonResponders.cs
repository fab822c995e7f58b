using System.Text.Json.Serialization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;

namespace HitBot.Core.Surveys;

/// <summary>One person who has not answered; <see cref="Site"/> is the slug, <see cref="SiteName"/> as the roster spells it.</summary>
public sealed record NonResponder(string PersonId, string Name, string Email, string? Site)
{
    public string? SiteName { get; init; } = Site;

    /// <summary>
    /// Deactivated since the run asked them: they still count among its invited (the rate is as sent), but they can no
    /// longer answer, so a coordinator following up the list is told not to chase them.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Left { get; init; }

    /// <summary>
    /// HitBot gave up delivering the survey to them (they removed the app, for example): they never saw it, so a coordinator
    /// following up the list reaches them another way. <see cref="NotReachedWhy"/> says why, as the People page does.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NotReached { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NotReachedWhy { get; init; }

    /// <summary>
    /// Their invitation has not gone yet (waiting for their morning, their weekly message limit, or a retry while Teams or
    /// Slack is down): listed as plain "not answered", they were chased for a survey they had not been sent.
    /// <see cref="InvitationSendsAt"/> says when it goes, when a time is set.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NotSentYet { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? InvitationSendsAt { get; init; }
}

/// <summary>
/// Who of the people invited has not answered: the counts, and one page of <see cref="People"/> (by site, then name) out
/// of <see cref="NotAnswered"/>. <see cref="People"/> is absent for an anonymous run: counts only.
/// </summary>
public sealed record NonResponse(string RunId, bool Anonymous, int Invited, int Answered, int NotAnswered)
{
    /// <summary>Invitations HitBot gave up delivering: among the invited (and, not having seen it, among those who did not answer).</summary>
    public int NotReached { get; init; }

    /// <summary>Invitations still waiting to go (their morning, their weekly limit, a retry): among the invited, not seen yet.</summary>
    public int NotSentYet { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<NonResponder>? People { get; init; }

    /// <summary>
    /// The run's invitations are past <c>HitBot:Storage:RetentionDays</c> and deleted: the counts are those kept at its close,
    /// and who did not answer can no longer be told.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Forgotten { get; init; }

    /// <summary>Where the next page starts (the <c>after</c> of its address); null on the last page. Said in the Link header.</summary>
    [JsonIgnore]
    public string? Next { get; init; }
}

/// <summary>
/// The people a run was sent to (its invitation deliveries, one per person) who have not answered. Anonymous runs give
/// counts only: matching invitations to answers there would undo the anonymity the run promised.
/// </summary>
/// <remarks>
/// A run of 100,000 was read whole at each look: every invitation row with its card, every response with its answers,
/// every non-responder's whole person, all of them in one answer. Now the invitations are read through the Campaign index
/// as person ids, the responses as ids, the non-responders as name and site (to put them in order), and only the page's
/// people whole; <c>limit</c> 0 reads no person at all. The order is kept per run (a run of 100,000 is about 10 MB; the
/// last <see cref="KeptRuns"/> runs asked about) until the run's invitations, any answer or the roster change, so paging
/// through a list costs one page each, not the run.
/// </remarks>
public sealed class NonResponders(SurveyStore store, PeopleDirectory directory, OutboxStore outbox)
{
    const string SomeoneWhoLeft = "someone who left";
    const int KeptRuns = 4;
    readonly KeptUntilChanged<Sorted> kept = new(KeptRuns);

    /// <summary>
    /// How many the run invited (people erased since who had answered included), and those of them who have not answered, by
    /// site, then name, then id. <see cref="Rows"/>: the invitations left in the outbox; <see cref="RespondentsUninvited"/>:
    /// people who answered and have no invitation left (the retention pass deleted it, or they answered from the audience
    /// without one).
    /// </summary>
    internal sealed record Sorted(int Invited, List<PersonLabel> NotAnswered, int Rows, int RespondentsUninvited);

    /// <summary>What a run's order is worked out from: the roster, the responses, and its campaign's invitations.</summary>
    sealed record Seen(long People, long Responses, (long Rewrites, int Rows) Invitations);

    /// <summary>The counts and the non-responders from place <paramref name="offset"/>, at most <paramref name="limit"/> of them.</summary>
    public NonResponse For(SurveyRun run, int offset, int limit) => For(run, order => order.Skip(offset), limit);

    /// <summary>
    /// The counts and at most <paramref name="limit"/> non-responders after the one <paramref name="after"/> names (from the
    /// start without one), with <see cref="NonResponse.Next"/>: people who answer while a coordinator pages on leave no one
    /// else unseen, as a place counted from the start would.
    /// </summary>
    public NonResponse After(SurveyRun run, string? after, int limit)
    {
        if (after is null || CursorToken.Parse(after, 3) is not [var site, var name, var id])
            return For(run, order => order, limit);
        return For(run, order => order.Where(p => Compare(p, site, name, id) > 0), limit);
    }

    /// <summary>Where a page that ends with <paramref name="last"/> ended, for <see cref="After"/>.</summary>
    public static string CursorOf(PersonLabel last) => CursorToken.Of(last.Site ?? "", last.Name, last.Id);

    /// <summary>True when <paramref name="token"/> is one <see cref="CursorOf"/> wrote.</summary>
    public static bool IsCursor(string token) => CursorToken.Parse(token, 3) is [_, _, { Length: > 0 }];

    /// <summary>
    /// Names as a person reads a list, not by character code: "ana Ruiz" among the A's and "Élise" among the E's, where
    /// ordinal order put both after "Zoe".
    /// </summary>
    static readonly StringComparer NameOrder = StringComparer.Create(System.Globalization.CultureInfo.InvariantCulture, ignoreCase: true);

    /// <summary>The list's order (<see cref="Order"/>): site (ordinal; no site first), then name (<see cref="NameOrder"/>), then id (ordinal).</summary>
    static int Compare(PersonLabel p, string site, string name, string id) =>
        string.CompareOrdinal(p.Site ?? "", site) is not 0 and var bySite ? bySite
        : NameOrder.Compare(p.Name, name) is not 0 and var byName ? byName
        : string.CompareOrdinal(p.Id, id);

    NonResponse For(SurveyRun run, Func<IEnumerable<PersonLabel>, IEnumerable<PersonLabel>> from, int limit)
    {
        // Counted from the invitations left, a run a year old said "0 of 0 invited" beside its results' 40 invited. A named
        // run's list is gone only when the retention pass took them: an erasure takes one person's, and the list of the
        // others stays (it said "forgotten" for every closed run the erased person had been asked, and listed nobody).
        var order = run.Anonymous ? null : Order(run);
        var tally = outbox.Tallies([run.Campaign])[run.Campaign];
        var notReached = tally.Count(DeliveryState.Dead);
        var notSentYet = tally.Count(DeliveryState.Queued) + tally.Count(DeliveryState.Failed) + tally.Count(DeliveryState.Held);
        if (run.InvitedAtClose is { } keptInvited && (order is null
                ? tally.ByState.Values.Sum() + store.CountErasedResponses(run.Id) < keptInvited
                : order.Invited < keptInvited && (order.Rows == 0 || order.RespondentsUninvited > 0)))
        {
            var responses = store.CountResponses(run.Id);
            return new NonResponse(run.Id, run.Anonymous, keptInvited, responses, Math.Max(0, keptInvited - responses))
                { Forgotten = true, People = run.Anonymous ? null : [], NotReached = notReached, NotSentYet = notSentYet };
        }
        if (order is null)
        {
            // A closed run's count kept at its close, as its results say.
            // People erased since who had answered are counted by their answers, as in the run's results.
            var invited = run.InvitedAtClose ?? outbox.PeopleOf(run.Campaign).Count + store.CountAnswersInvitedByThemselves(run.Id);
            var answers = store.CountResponses(run.Id);
            return new NonResponse(run.Id, true, invited, answers, Math.Max(0, invited - answers)) { NotReached = notReached, NotSentYet = notSentYet };
        }
        // The counts of the run's page: a closed run's invited as kept at its close, where someone erased since who had not
        // answered is still counted (they were asked), though nobody can list them any more.
        var answered = order.Invited - order.NotAnswered.Count;
        var asked = run.InvitedAtClose ?? order.Invited;
        var counts = new NonResponse(run.Id, false, asked, answered, Math.Max(0, asked - answered)) { NotReached = notReached, NotSentYet = notSentYet };
        if (limit <= 0) return counts with { People = [] };

        var read = from(order.NotAnswered).Take(limit + 1).ToList();
        var page = read.Take(limit).ToList();
        if (page.Count == 0) return counts with { People = [] };
        var people = directory.FindMany(page.Select(p => p.Id));
        var siteNames = people.Values.Select(p => p.Site).OfType<string>().Distinct(StringComparer.Ordinal)
            .ToDictionary(site => site, site => directory.SiteName(site) ?? site, StringComparer.Ordinal);
        return counts with
        {
            Next = read.Count > limit ? CursorOf(page[^1]) : null,
            People = [.. page.Select(p => people.GetValueOrDefault(p.Id) is { } person
                ? Marked(run, notReached + notSentYet, new NonResponder(person.Id, person.Name, person.Email, person.Site)
                    { SiteName = person.Site is { } site ? siteNames[site] : null, Left = person.Inactive })
                : new NonResponder(p.Id, SomeoneWhoLeft, "", null))],
        };
    }

    /// <summary>
    /// The non-responder marked when their invitation was given up, or has not gone yet: read for the page's people only (a
    /// key each), when the run has any such invitation, not kept with the order (a send given up does not move the order's version).
    /// </summary>
    NonResponder Marked(SurveyRun run, int givenUpOrWaiting, NonResponder person) =>
        givenUpOrWaiting > 0 && outbox.Find(SurveyRunner.InvitationKey(run, person.PersonId)) is { } invitation
            ? invitation.State switch
            {
                DeliveryState.Dead => person with { NotReached = true, NotReachedWhy = invitation.LastError },
                DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Held => person with
                {
                    NotSentYet = true,
                    InvitationSendsAt = invitation.DueAt != Delivery.NotDue ? invitation.DueAt : invitation.HeldUntil,
                },
                _ => person,
            }
            : person;

    /// <summary>The run's non-responders in page order, kept while nothing it was worked out from has changed.</summary>
    internal Sorted Order(SurveyRun run) =>
        kept.Get(run.Id, () => new Seen(directory.PeopleChanges, store.ResponseChanges, outbox.PeopleOfVersion(run.Campaign)), () =>
        {
            var invited = outbox.PeopleOf(run.Campaign);
            var answered = store.ResponseIdsTo(run.Id);
            var notAnswered = invited.Where(id => !answered.Contains(SurveyStore.ResponseId(run.Id, store.RespondentKey(run, id)))).ToList();
            // An erased respondent's answer is kept under a new key and their invitation deleted; anyone else who answered
            // still has theirs, unless the retention pass deleted it or they answered before it went (it was cancelled then).
            var erasedAnswers = store.CountAnswersInvitedByThemselves(run.Id);
            var uninvited = answered.Count - erasedAnswers - (invited.Count - notAnswered.Count);
            var labels = directory.LabelsOf(notAnswered);
            // The id last: people of the same site and name keep one order from page to page, so none is shown twice or missed.
            List<PersonLabel> order = [.. notAnswered
                .Select(id => labels.GetValueOrDefault(id) ?? new PersonLabel(id, SomeoneWhoLeft, null))
                .OrderBy(p => p.Site, StringComparer.Ordinal).ThenBy(p => p.Name, NameOrder).ThenBy(p => p.Id, StringComparer.Ordinal)];
            return new Sorted(invited.Count + erasedAnswers, order, invited.Count, uninvited);
        });
}
