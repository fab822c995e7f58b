using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HitBot.Slack.Tests;

public sealed class BlockKitGoldenTests
{
    static Message Sample(ICardSamples samples, string name) => samples.Samples().Single(s => s.Name == name).Message;

    static readonly InteractionRouter Router = new([new HelpCommand()], NullLogger<InteractionRouter>.Instance);

    [Fact]
    public void The_welcome_card_renders_as_in_its_golden_file() =>
        Golden.Matches("welcome", BlockKitRenderer.Message(Sample(new DirectoryCardSamples(Router), "welcome")));

    [Fact]
    public void The_my_items_card_renders_as_in_its_golden_file() =>
        Golden.Matches("my-items", BlockKitRenderer.Message(Sample(new ActionPlanCardSamples(), "my-items")));

    [Fact]
    public void The_help_card_renders_as_in_its_golden_file() =>
        Golden.Matches("help", BlockKitRenderer.Message(HelpCommand.Card(
            [new ChatCommand("help", "Show what I can do"), new ChatCommand("my items", "List your open action items")], known: true, "Riverside Tutoring Program")));

    [Fact]
    public void A_form_renders_as_a_modal_as_in_its_golden_file() =>
        Golden.Matches("form-modal", BlockKitRenderer.Modal(SlackViewSamples.SampleForm(), "survey.answer", """{"runId":"sample-run"}"""));

    [Fact]
    public void A_form_sent_as_a_message_renders_as_in_its_golden_file() =>
        Golden.Matches("form-message", BlockKitRenderer.Message(SlackViewSamples.SampleForm()));
}
