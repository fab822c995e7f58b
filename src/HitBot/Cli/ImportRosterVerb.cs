using System.Globalization;
using HitBot.Core.Directory;

namespace HitBot.Cli;

/// <summary>
/// <c>import-roster FILE [--skip-invalid] [--deactivate-missing] [--preview]</c>: the same import as
/// <c>POST /api/admin/people/import</c> with <c>skipInvalid</c>, <c>deactivateMissing</c> and <c>preview</c>. A roster too
/// large for the API (over 8 MB) comes here, so leavers and a look before the change must be possible here too.
/// </summary>
static class ImportRosterVerb
{
    /// <summary>
    /// The largest file the verb reads: 50,000 people with many columns (a district's HR export) can pass the admin API's
    /// 8 MB, and the command line is where such a file goes; 64 MB is eight times that.
    /// </summary>
    public const long MaxBytes = 64 * 1024 * 1024;

    public static async Task<int> RunAsync(IServiceProvider services, List<string> arguments, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var path = arguments.Single(a => !a.StartsWith("--", StringComparison.Ordinal));
        var skipInvalid = arguments.Contains("--skip-invalid");
        var deactivateMissing = arguments.Contains("--deactivate-missing");
        var preview = arguments.Contains("--preview");
        if (!File.Exists(path))
        {
            await errors.WriteLineAsync($"No such file: {path}");
            return 1;
        }

        // Read whole, as the admin API reads an upload: a file far larger than any roster (a database export, a file
        // picked by mistake) would take all the memory of the machine HitBot's data is on before the row limit stops it.
        var size = new FileInfo(path).Length;
        if (size > MaxBytes)
        {
            await errors.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path} is {size / 1024.0 / 1024.0:N0} MB; a roster is at most {RosterImport.MaxRows:N0} people, about {MaxBytes / 1024 / 1024} MB even with many columns. Check it is the roster, or split it. Nothing was imported."));
            return 1;
        }
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A roster saved in root's home, run as HitBot's own account as the README says: one line, not a stack trace.
            await errors.WriteLineAsync($"HitBot cannot read {path}: {e.Message} Put the file where HitBot's account can read it. Nothing was imported.");
            return 1;
        }
        using var reader = new StringReader(Core.CsvText.Decode(bytes));
        var result = services.GetRequiredService<RosterImport>().Import(reader, skipInvalid, deactivateMissing, preview);
        foreach (var error in result.Errors) await errors.WriteLineAsync($"line {error.Line}: {error.Message}");
        if (!result.Imported)
        {
            await errors.WriteLineAsync("Nothing was imported. Fix the lines above, or run again with --skip-invalid to import only the valid lines.");
            return 1;
        }
        await output.WriteLineAsync(result.Preview
            ? $"Preview of {path}, nothing was changed: {result.Created} would be added, {result.Updated} updated, {result.Unchanged} unchanged, {result.Skipped} skipped" +
              (deactivateMissing ? $", {result.Deactivated.Count} deactivated." : ".")
            : $"Imported {path}: {result.Created} added, {result.Updated} updated, {result.Unchanged} unchanged, {result.Skipped} skipped" +
              (deactivateMissing ? $", {result.Deactivated.Count} deactivated." : "."));
        var would = result.Preview ? "would no longer have" : "no longer has";
        // A line that leaves a role out takes it away (a site champion's sign-in and lists end with it): say whose.
        foreach (var change in result.RolesRemoved)
            await output.WriteLineAsync($"{change.Name} ({change.Email}) {would} the role{(change.Removed.Count == 1 ? "" : "s")} {string.Join(", ", change.Removed)}.");
        // Everyone, not the first hundred: a file of tutors only deactivates every staff member missing from it, and the
        // roles on each line make that plain (the preview is for reading this before it happens).
        foreach (var gone in result.Deactivated)
            await output.WriteLineAsync($"{gone.Name} ({gone.Email}, {string.Join(", ", gone.Roles)}) {(result.Preview ? "would be" : "was")} deactivated: not in the file.");
        if (result.Preview) await output.WriteLineAsync("Run again without --preview to make these changes.");
        return 0;
    }
}
