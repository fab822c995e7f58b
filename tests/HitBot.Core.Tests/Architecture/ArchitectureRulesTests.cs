namespace HitBot.Core.Tests.Architecture;

/// <summary>The rules themselves, on made-up uses: each one reports what it exists to catch, and nothing else.</summary>
public sealed class ArchitectureRulesTests
{
    static TypeUse Use(string from, string to) => new($"HitBot.Core.{from}", $"HitBot.Core.{to}");

    [Fact]
    public void A_dependency_back_to_a_part_that_uses_you_is_reported_as_a_loop_on_both_sides()
    {
        TypeUse[] uses = [Use("Updates.UpdateSender", "Feedback.FeedbackInbox"), Use("Feedback.FeedbackRoutes", "Updates.UpdateStore"),
            Use("Surveys.SurveyRunner", "Updates.UpdateStore")];

        Assert.Equal(["Feedback → Updates (FeedbackRoutes → UpdateStore)", "Updates → Feedback (UpdateSender → FeedbackInbox)"],
            ArchitectureRules.NamespaceLoops(uses));
    }

    [Fact]
    public void A_loop_through_a_third_part_is_reported_and_a_one_way_dependency_is_not()
    {
        TypeUse[] uses = [Use("Messaging.Dispatcher", "Directory.PeopleDirectory"), Use("Directory.RosterImport", "Storage.HitBotDb"),
            Use("Storage.Migrations", "Messaging.Delivery"), Use("Updates.UpdateSender", "Messaging.Card")];

        Assert.Equal(["Directory → Storage", "Messaging → Directory", "Storage → Messaging"],
            ArchitectureRules.NamespaceLoops(uses).Select(ArchitectureRules.Edge));
    }

    [Fact]
    public void A_sub_namespace_is_a_part_of_its_own_so_routing_may_sit_above_Directory_while_Messaging_sits_below()
    {
        TypeUse[] uses = [Use("Messaging.Routing.Interaction", "Directory.Person"), Use("Directory.Person", "Messaging.ChannelAddress"),
            Use("Directory.Chat.ConsentRoutes", "Messaging.Routing.InteractionRouter"), Use("Messaging.Routing.InteractionResult", "Messaging.Message")];

        Assert.Empty(ArchitectureRules.NamespaceLoops(uses));

        TypeUse[] routingBelowDirectory = [.. uses, Use("Directory.PeopleDirectory", "Messaging.Routing.Interaction")];
        Assert.Equal(["Directory → Messaging.Routing", "Messaging.Routing → Directory"],
            ArchitectureRules.NamespaceLoops(routingBelowDirectory).Select(ArchitectureRules.Edge));
    }

    [Fact]
    public void A_feature_using_another_features_store_is_reported_but_its_services_and_its_own_store_are_not()
    {
        TypeUse[] uses = [Use("Updates.UpdateSender", "Feedback.FeedbackStore"), Use("Updates.UpdateSender", "Feedback.FeedbackInbox"),
            Use("Updates.UpdateSender", "Updates.UpdateStore"), Use("Updates.UpdateSender", "Messaging.OutboxStore")];

        Assert.Equal(["Updates reads Feedback's store: UpdateSender → FeedbackStore"], ArchitectureRules.StoreReadsAcrossFeatures(uses));
    }

    [Fact]
    public void A_features_sub_namespace_counts_as_the_feature_it_may_read_its_own_store_and_no_other()
    {
        TypeUse[] uses = [Use("Directory.Chat.DirectorySetup", "Directory.DirectoryStore"), Use("Directory.Chat.ConsentRoutes", "Updates.UpdateStore"),
            Use("Updates.UpdateSender", "Directory.Chat.ConsentStore"), Use("Updates.UpdateSender", "Updates.Drafts.DraftStore"),
            Use("Directory.RosterImport", "Messaging.Outbox.OutboxStore"), Use("Updates.UpdateSender", "UpdatesArchive.ArchiveStore")];

        Assert.Equal(["Directory reads Updates's store: ConsentRoutes → UpdateStore", "Updates reads Directory's store: UpdateSender → ConsentStore"],
            ArchitectureRules.StoreReadsAcrossFeatures(uses));
    }

    [Fact]
    public void Web_Teams_and_Slack_types_are_forbidden_in_Core()
    {
        TypeUse[] uses = [new("HitBot.Core.Updates.UpdateSender", "Microsoft.AspNetCore.Http.Results"),
            new("HitBot.Core.Messaging.Card", "HitBot.Teams.AdaptiveCardRenderer"), new("HitBot.Core.Messaging.Card", "System.Text.Json.JsonSerializer")];

        Assert.Equal(["HitBot.Core.Updates.UpdateSender → Microsoft.AspNetCore.Http.Results", "HitBot.Core.Messaging.Card → HitBot.Teams.AdaptiveCardRenderer"],
            ArchitectureRules.ForbiddenUses(uses).Select(u => u.ToString()));
    }

    [Fact]
    public void Every_host_namespace_is_forbidden_in_Core_even_one_added_later()
    {
        TypeUse[] uses = [new("HitBot.Core.Updates.UpdateSender", "HitBot.Admin.InvalidInput"),
            new("HitBot.Core.Surveys.SurveyRunner", "HitBot.Features.Surveys.SurveysAdmin"),
            new("HitBot.Core.Directory.RosterImport", "HitBot.FolderNotYetWritten.Thing"),
            new("HitBot.Core.Updates.UpdateSender", "HitBot.Core.Messaging.Card")];

        Assert.Equal(["HitBot.Core.Updates.UpdateSender → HitBot.Admin.InvalidInput",
                "HitBot.Core.Surveys.SurveyRunner → HitBot.Features.Surveys.SurveysAdmin",
                "HitBot.Core.Directory.RosterImport → HitBot.FolderNotYetWritten.Thing"],
            ArchitectureRules.ForbiddenUses(uses).Select(u => u.ToString()));
    }
}
