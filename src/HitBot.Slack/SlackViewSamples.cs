using System.Globalization;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;

namespace HitBot.Slack;

/// <summary>A Slack surface with sample data, exported by <c>export-cards</c> as <c>&lt;name&gt;.slack.json</c>.</summary>
public sealed record SlackSurfaceSample(string Name, JsonObject Json);

/// <summary>
/// The Slack surfaces that are not plain messages (a form as a modal and as the message that opens it, the App Home),
/// exported next to the card samples so the Block Kit validator sees every kind of surface HitBot sends.
/// </summary>
public sealed class SlackViewSamples(IEnumerable<ICardSamples> features)
{
    public const string FileSuffix = SlackCardFormat.Suffix;

    public IEnumerable<SlackSurfaceSample> Samples()
    {
        var form = SampleForm();
        yield return new SlackSurfaceSample("sample-form-modal",
            BlockKitRenderer.Modal(form, "survey.answer", """{"runId":"sample-run","channel":"D024BE91L","ts":"1700000000.000100"}"""));
        yield return new SlackSurfaceSample("sample-form-message", BlockKitRenderer.Message(form));
        // Slack has no form in a message: every card with inputs is opened as a modal (views.open), the way
        // SlackRequestHandler.TryOpenModalAsync opens it, so each one is checked as the modal Slack gets.
        foreach (var sample in features.SelectMany(f => f.Samples()).Where(s => BlockKitRenderer.IsForm(s.Message)))
            yield return new SlackSurfaceSample(sample.Name + "-modal", FormModal(sample.Message));
        // The Home tab shows each feature's leading card, as a person's overview would.
        yield return new SlackSurfaceSample("app-home",
            BlockKitRenderer.Home(features.Select(f => f.Samples().FirstOrDefault()).OfType<CardSample>().Select(s => s.Message)));
    }

    /// <summary>The modal of a form: its first submit is the modal's, its data plus the message's channel and ts the private_metadata.</summary>
    static JsonObject FormModal(Message form)
    {
        var submit = form.Card.Actions.OfType<SubmitAction>().First();
        var metadata = new JsonObject(submit.Data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)))
        {
            ["channel"] = "D024BE91L",
            ["ts"] = "1700000000.000100",
        };
        return BlockKitRenderer.Modal(form, submit.Verb, metadata.ToJsonString());
    }

    /// <summary>A form using every input kind, until the surveys feature brings its own samples.</summary>
    public static Message SampleForm() => new("Retention pulse: 5 quick questions", new Card("Retention pulse",
    [
        new TextBlock("Five quick questions about how tutoring is going. Your answers go to the **central team** only."),
        new ChoiceInput("intent", "Will you tutor next term?",
            [new("Yes", "yes"), new("No", "no"), new("Not sure yet", "unsure")], Required: true),
        new ChoiceInput("nps", "How likely are you to recommend tutoring with us to a friend? (0–10)",
            [.. Enumerable.Range(0, 11).Select(n => n.ToString(CultureInfo.InvariantCulture)).Select(n => new Choice(n, n))],
            Required: true, Style: ChoiceStyle.Compact),
        new ChoiceInput("support", "What would help you most?",
            [new("More planning time", "planning"), new("Coaching", "coaching"), new("Better materials", "materials")],
            Multiple: true, Value: "coaching"),
        new TextInput("comment", "Anything else we should know?", Multiline: true, MaxLength: 1000, Placeholder: "Optional"),
        new DateInput("available", "From when can you start?", Value: "2026-04-01"),
    ],
    [new SubmitAction("Send answers", "survey.answer", new() { ["runId"] = "sample-run" }, ActionStyle.Positive)]));
}
