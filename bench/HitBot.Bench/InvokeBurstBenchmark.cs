using System.Text.Json.Nodes;
using HitBot.Core.Messaging.Routing;
using HitBot.Tests.Infrastructure;
using HitBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Bench;

/// <summary>
/// A burst of card answers: Action.Execute invokes (how Teams sends a survey answer, a reaction or a status change) at
/// <c>POST /api/messages</c>, JWT-signed, open loop. Teams waits for an invoke's answer in the same request and gives
/// up after 15 s (protocols.md §1.9), so the figure is the answer time. The answered feature is the tests' EchoRoutes
/// (an updated card, as a survey answer gives): the measure is HitBot's path, not one feature's store.
/// </summary>
static class InvokeBurstBenchmark
{
    const int Tutors = 2000;

    public static async Task<BenchResult> RunAsync(int answers, TimeSpan over)
    {
        await using var connector = await FakeBotConnector.StartAsync(recordCalls: false);
        await using var openId = TestOpenIdServer.Start();
        using var host = MessagesBenchmark.StartHost(connector, openId, s => s.AddSingleton<IInteractionRoutes, EchoRoutes>(), Tutors);
        var token = new BotTokens(openId.SigningKey, MessagesBenchmark.AppId, connector.ServiceUrl, DateTimeOffset.UtcNow).Create();
        using var http = new HttpClient();
        var load = new TeamsLoad(http, token, connector.ServiceUrl, MessagesBenchmark.AppId, Tutors);
        var url = new Uri(host.BaseAddress, "/api/messages");
        JsonObject Execute(string id) => load.Base("invoke", id, a =>
        {
            a["name"] = "adaptiveCard/action";
            a["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute", ["id"] = "answer", ["verb"] = EchoRoutes.Answer,
                    ["data"] = new JsonObject { ["d"] = new JsonObject { ["run"] = "week-2" }, ["q1"] = "4" },
                },
                ["trigger"] = "manual",
            };
            a["replyToId"] = "card-" + id;
        });

        await load.OpenLoopAsync(url, 100, TimeSpan.FromSeconds(3), Execute);
        var perSecond = (int)(answers / over.TotalSeconds);
        var burst = await load.OpenLoopAsync(url, perSecond, over, Execute);
        return new BenchResult($"A burst of {answers:N0} card answers (Action.Execute invokes) in {over.TotalSeconds:F0} s at POST /api/messages, JWT validation on",
        [
            ("answers per second sent", $"{perSecond}"),
            ("answer time p50", $"{burst.Percentile(0.50):F1} ms"),
            ("answer time p99", $"{burst.Percentile(0.99):F1} ms"),
            ("answer time max", $"{burst.Max:F1} ms"),
            ("Teams' limit for an answer", "15 s (protocols.md §1.9)"),
            ("answers / non-200 answers", $"{burst.Latencies.Count} / {burst.Errors}"),
        ]);
    }
}
