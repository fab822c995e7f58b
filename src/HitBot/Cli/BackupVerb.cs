using System.Net;
using System.Net.Http.Headers;
using HitBot.Hosting;

namespace HitBot.Cli;

/// <summary>
/// <c>backup FILE [--url URL]</c>: asks the running HitBot for an online backup (<c>POST /api/admin/backup</c>) and
/// writes it to FILE. It never opens the database itself, so HitBot keeps running.
/// </summary>
static class BackupVerb
{
    public static async Task<int> RunAsync(IServiceProvider services, List<string> arguments, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var file = Path.GetFullPath(arguments[0]);
        var baseUrl = arguments.Count == 3 && arguments[1] == "--url" ? arguments[2] : HostUrl(configuration);
        var token = configuration[$"{AdminOptions.Section}:Token"];
        if (string.IsNullOrEmpty(token))
        {
            await errors.WriteLineAsync("Set HitBot:Admin:Token to the running HitBot's admin token (environment HitBot__Admin__Token, or --HitBot:Admin:Token=...).");
            return 1;
        }
        if (Path.GetDirectoryName(file) is { } folder && !System.IO.Directory.Exists(folder))
        {
            // Asked before the download: a missing folder was a stack trace after HitBot had made the whole copy.
            await errors.WriteLineAsync($"The folder {folder} does not exist; create it first, so the backup has somewhere to go.");
            return 1;
        }
        if (File.Exists(file))
        {
            await errors.WriteLineAsync($"{file} already exists; choose a new file name, so no backup is ever overwritten.");
            return 1;
        }

        using var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(BackupVerb));
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(baseUrl.TrimEnd('/') + "/"), "api/admin/backup"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            await errors.WriteLineAsync($"No HitBot answered at {baseUrl} ({e.Message}). Start it, or give its address with --url.");
            return 1;
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var title = await ProblemTitleAsync(response, ct);
                await errors.WriteLineAsync(response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => $"HitBot at {baseUrl} refused the admin token: use the one the running HitBot has.",
                    HttpStatusCode.NotFound => $"HitBot at {baseUrl} has its admin API off (no HitBot:Admin:Token set there), or is an older HitBot without online backups.",
                    // HitBot's own reason (a full disk beside the database) says what to do; the status alone did not.
                    _ when title is not null => $"HitBot at {baseUrl} could not make the backup: {title}",
                    var status => $"HitBot at {baseUrl} answered {(int)status} {response.ReasonPhrase}; nothing was written.",
                });
                return 1;
            }

            // Written beside the target first: a download cut short never leaves a file that looks like a backup.
            var partial = file + ".partial";
            try
            {
                await using (var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
                    await response.Content.CopyToAsync(target, ct);
                File.Move(partial, file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException)
            {
                // HitBot stopped mid-download, or the disk is full or read-only: a half file would only fill the disk further.
                File.Delete(partial);
                await errors.WriteLineAsync($"No backup was written to {file}: {(e.InnerException ?? e).Message} Nothing partial was kept; try again.");
                return 1;
            }
            var version = response.Headers.TryGetValues(BackupEndpoints.SchemaVersionHeader, out var values) ? values.FirstOrDefault() : "?";
            await output.WriteLineAsync($"Backed up to {file} ({new FileInfo(file).Length:N0} bytes, schema version {version}).");
            return 0;
        }
    }

    /// <summary>The title of a problem+json answer, or null for any other body.</summary>
    static async Task<string?> ProblemTitleAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return null;
        try
        {
            using var problem = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            return problem.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && problem.RootElement.TryGetProperty("title", out var title) && title.ValueKind == System.Text.Json.JsonValueKind.String
                ? title.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The address the service listens on, from the same settings and in ASP.NET Core's order: ASPNETCORE_URLS, else
    /// ASPNETCORE_HTTP_PORTS (what .NET's container images set, 8080), else ASPNETCORE_HTTPS_PORTS; a wildcard host means
    /// this machine.
    /// </summary>
    static string HostUrl(IConfiguration configuration)
    {
        static string? First(string? list) => (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var first = First(configuration["urls"])
            ?? (First(configuration["http_ports"]) is { } http ? $"http://localhost:{http}" : null)
            ?? (First(configuration["https_ports"]) is { } https ? $"https://localhost:{https}" : null)
            ?? "http://localhost:5000";
        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
            first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        return first;
    }
}
