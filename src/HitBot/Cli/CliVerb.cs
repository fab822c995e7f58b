namespace HitBot.Cli;

/// <summary>
/// A one-shot job run with the same configuration and services as the bot:
/// <c>import-roster FILE [--skip-invalid] [--deactivate-missing] [--preview]</c>, <c>export-cards DIR</c> and <c>backup FILE [--url URL]</c>.
/// </summary>
public sealed class CliVerb
{
    public const string Help = """
        HitBot: the chat companion of a tutoring program (Teams, Slack, the dashboard and the admin API).

        Usage:
          HitBot                                       start HitBot (from source: dotnet run --project src/HitBot)
          HitBot import-roster FILE.csv [--skip-invalid] [--deactivate-missing] [--preview]
                                                       import a roster CSV; opens the database itself, so stop HitBot first;
                                                       --skip-invalid: import the good lines and list the bad ones;
                                                       --deactivate-missing: people not in the file leave the program;
                                                       --preview: say what would change and change nothing
          HitBot export-cards DIR                      write every card as NAME.teams.json and NAME.slack.json into DIR,
                                                       and every form as NAME-modal.slack.json
          HitBot backup FILE [--url URL]               ask the running HitBot (admin token from HitBot:Admin:Token) for
                                                       a consistent copy of its database, written to FILE; HitBot keeps running
          HitBot --help                                this text (-h, -?, /? and help say the same)

        From source, put the verb after --:  dotnet run --project src/HitBot -- import-roster roster.csv
        Paths are relative to the current folder.

        Settings: appsettings.json, environment variables (HitBot__Storage__Path=...) or arguments
        (--HitBot:Storage:Path=...). Every key is in the README's Settings table and in appsettings.sample.json.

        """;

    CliVerb(string name, List<string> arguments, string[] configurationArgs)
    {
        Name = name;
        Arguments = arguments;
        ConfigurationArgs = configurationArgs;
    }

    /// <summary>
    /// Each verb with the options it takes, in the order the usage text lists them: what <see cref="Problem"/> accepts, and
    /// what the usage text and the README's CLI verbs table must name (CliVerbDocumentationTests).
    /// </summary>
    public static readonly IReadOnlyList<(string Verb, string[] Options)> Verbs =
    [
        ("import-roster", ["--skip-invalid", "--deactivate-missing", "--preview"]),
        ("export-cards", []),
        ("backup", ["--url"]),
    ];

    static readonly string[] ImportRosterOptions = Verbs.Single(v => v.Verb == "import-roster").Options;

    /// <summary>What asks for <see cref="Help"/>: anywhere among the arguments, or <c>help</c> as the first.</summary>
    public static readonly string[] HelpOptions = ["--help", "-h", "-?", "/?"];

    public string Name { get; }
    public List<string> Arguments { get; }

    /// <summary>
    /// Only <c>import-roster</c> opens the database file: <c>backup</c> asks the running HitBot over HTTP, and
    /// <c>export-cards</c> writes sample cards, so both run beside a running HitBot and create no file.
    /// </summary>
    public bool OpensDatabase => Name is not ("backup" or "export-cards");

    /// <summary>Null for a verb HitBot has, given the arguments it takes; otherwise one line that says what is wrong.</summary>
    public string? Problem => Name switch
    {
        "import-roster" when Arguments.Count(a => !a.StartsWith("--", StringComparison.Ordinal)) == 1
            && Arguments.Where(a => a.StartsWith("--", StringComparison.Ordinal)).All(ImportRosterOptions.Contains) => null,
        "import-roster" => "import-roster takes one FILE.csv and, if you like, --skip-invalid, --deactivate-missing and --preview.",
        "backup" when Arguments.Count == 1 => null,
        // `--url localhost:3978`, as curl takes it, is a URL of the scheme "localhost" to .NET: it was an unhandled exception.
        "backup" when Arguments.Count == 3 && Arguments[1] == "--url" && !IsHttpUrl(Arguments[2]) =>
            $"backup --url takes HitBot's http:// or https:// address, such as http://localhost:3978; '{Arguments[2]}' is not one.",
        // The request carries the admin token and the answer every name and answer: over http:// to another machine both
        // cross the network in the clear.
        "backup" when Arguments.Count == 3 && Arguments[1] == "--url" && !StaysOnThisMachineOrEncrypted(Arguments[2]) =>
            "backup --url sends the admin token and gets back everything HitBot holds, so to another machine it takes https:// " +
            $"('{Arguments[2]}' would send them unencrypted); http:// is for this machine, such as http://localhost:3978.",
        "backup" when Arguments.Count == 3 && Arguments[1] == "--url" => null,
        "backup" => "backup takes one FILE and, if you like, --url URL.",
        "export-cards" when Arguments.Count == 1 => null,
        "export-cards" => "export-cards takes one DIR.",
        _ => $"'{Name}' is not a HitBot verb: {string.Join(", ", Verbs.SkipLast(1).Select(v => v.Verb))} or {Verbs[^1].Verb}.",
    };

    /// <summary>Settings given as <c>--HitBot:Storage:Path=x</c>, passed on to the configuration.</summary>
    public string[] ConfigurationArgs { get; }

    /// <summary><c>--help</c>, <c>-h</c> or <c>help</c> anywhere: print <see cref="Help"/> instead of starting the server.</summary>
    public static bool AsksForHelp(string[] args) => args.Any(HelpOptions.Contains) || args is ["help", ..];

    public static CliVerb? Parse(string[] args)
    {
        // Settings may come before the verb too (`--HitBot:Storage:Path=x import-roster f.csv`): read as "no verb", that
        // started a whole HitBot on the file, one the operator had just stopped so the verb could open it. .NET also reads
        // `--key value`, so a key without `=` takes the next argument as its value.
        var at = 0;
        while (at < args.Length && args[at].StartsWith('-'))
            at += IsSetting(args[at]) || at + 1 == args.Length ? 1 : 2;
        if (at >= args.Length) return null;
        var settings = args.Take(at).ToList();
        var rest = new List<string>();
        for (var i = at + 1; i < args.Length; i++)
        {
            var argument = args[i];
            // --url=URL is backup's own option, not a setting: as a setting it was dropped and the backup asked another address.
            if (argument.StartsWith("--url=", StringComparison.Ordinal)) rest.AddRange(["--url", argument["--url=".Length..]]);
            else if (IsSetting(argument)) settings.Add(argument);
            // After the verb only a key with a ':' (HitBot:Storage:Path) takes the next argument: --preview, --url and a
            // mistyped option stay the verb's, which says what is wrong with them.
            else if (IsSpacedKey(argument) && i + 1 < args.Length) settings.AddRange([argument, args[++i]]);
            else rest.Add(argument);
        }
        return new CliVerb(args[at], rest, [.. settings]);
    }

    static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    static bool StaysOnThisMachineOrEncrypted(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || HitBot.Core.Loopback.Is(url));

    static bool IsSetting(string argument) =>
        argument.StartsWith("--", StringComparison.Ordinal) && argument.Contains('=', StringComparison.Ordinal);

    static bool IsSpacedKey(string argument) =>
        argument.StartsWith("--", StringComparison.Ordinal) && argument.Contains(':', StringComparison.Ordinal) && !IsSetting(argument);

    /// <summary>
    /// Runs the verb: what it did goes to <paramref name="output"/>, what went wrong to <paramref name="errors"/> (standard
    /// error), as HitBot's start-up problems do, so a nightly <c>backup</c> script can log its failures apart.
    /// </summary>
    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        try
        {
            return await RunVerbAsync(services, output, errors, ct);
        }
        catch (InvalidOperationException e)
        {
            // A wrong setting or a database held by the running service: one clear line, not a stack trace.
            await errors.WriteLineAsync(e.Message);
            return 1;
        }
    }

    async Task<int> RunVerbAsync(IServiceProvider services, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        if (Problem is { } problem)
        {
            await errors.WriteLineAsync(problem);
            await output.WriteAsync(Help);
            return 2;
        }
        return Name switch
        {
            "import-roster" => await ImportRosterVerb.RunAsync(services, Arguments, output, errors, ct),
            "backup" => await BackupVerb.RunAsync(services, Arguments, output, errors, ct),
            _ => await ExportCardsVerb.RunAsync(services, Arguments[0], output, errors, ct),
        };
    }
}
