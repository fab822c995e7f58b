using HitBot.Core.Messaging;
using HitBot.Slack;

namespace HitBot.Cli;

/// <summary><c>export-cards DIR</c>: every product card with sample data, once per platform, for reviewers and format checks.</summary>
static class ExportCardsVerb
{
    static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(IServiceProvider services, string folder, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        try
        {
            return await WriteAsync(services, folder, output, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file where the folder should be, or a folder without rights: one line, where it was a stack trace and exit 134.
            await errors.WriteLineAsync($"No cards were written: HitBot cannot make or write the folder {Path.GetFullPath(folder)}: {e.Message}");
            return 1;
        }
    }

    static async Task<int> WriteAsync(IServiceProvider services, string folder, TextWriter output, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(folder);
        var formats = services.GetServices<ICardFormat>().ToList();
        var count = 0;
        foreach (var sample in services.GetServices<ICardSamples>().SelectMany(s => s.Samples()))
        {
            foreach (var format in formats)
            {
                var path = Path.Combine(folder, $"{sample.Name}.{format.FileSuffix}.json");
                await File.WriteAllTextAsync(path, format.Render(sample.Message).ToJsonString(Indented), ct);
                count++;
            }
        }
        // Surfaces that are not a message of one card (a modal, the App Home) come pre-rendered from their platform.
        foreach (var sample in services.GetServices<SlackViewSamples>().SelectMany(s => s.Samples()))
        {
            var path = Path.Combine(folder, $"{sample.Name}.{SlackViewSamples.FileSuffix}.json");
            await File.WriteAllTextAsync(path, sample.Json.ToJsonString(Indented), ct);
            count++;
        }
        await output.WriteLineAsync($"Wrote {count} card files to {Path.GetFullPath(folder)}");
        return 0;
    }
}
