using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HitBot.Slack.Tests;

/// <summary>
/// Golden JSON files in <c>Golden/</c>, compared with <see cref="JsonNode.DeepEquals"/>. To accept a deliberate change,
/// run the tests with <c>HITBOT_UPDATE_GOLDEN=1</c>, review the diff of the Golden folder and commit it.
/// </summary>
static class Golden
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Matches(string name, JsonNode actual, [CallerFilePath] string testFile = "")
    {
        var sourcePath = Path.Combine(Path.GetDirectoryName(testFile) ?? ".", "Golden", name + ".json");
        if (Environment.GetEnvironmentVariable("HITBOT_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(sourcePath, actual.ToJsonString(Indented) + "\n");
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json");
        Assert.True(File.Exists(path), $"No golden file {name}.json: run the tests once with HITBOT_UPDATE_GOLDEN=1 and review it.");
        var expected = JsonNode.Parse(File.ReadAllText(path));
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"The rendering differs from Golden/{name}.json. Actual:\n{actual.ToJsonString(Indented)}");
    }
}
