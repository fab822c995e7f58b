using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace HitBot.Hosting;

/// <summary>
/// A setting (or an address already taken) that keeps HitBot from starting, said in one line per problem on the console: the host's own exception put
/// the same sentence inside "Unhandled exception", a stack trace and an abort (exit code 134).
/// </summary>
static partial class SettingsProblem
{
    const string Lead = "HitBot did not start: ";
    static int installed;

    /// <summary>
    /// Makes a settings problem that escapes the program end it with its lines and exit code 1. Only an exception nothing
    /// catches: under a test host the start-up's exception reaches the test, as it should.
    /// </summary>
    public static void ExitWithOneLine()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1) return;
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is not Exception escaped || Describe(escaped) is not { } problem) return;
            Console.Error.WriteLine(problem);
            Environment.Exit(1);
        };
    }

    /// <summary>The lines to print for a settings problem, or null for any other exception (which keeps its stack trace).</summary>
    public static string? Describe(Exception e) => e switch
    {
        OptionsValidationException invalid => string.Join(Environment.NewLine, invalid.Failures.Select(f => Lead + Sentence(f))),
        // Several settings sections wrong at once: the start-up validator throws them together.
        AggregateException { InnerExceptions: var all } when all.Select(Describe).ToList() is var lines && lines.All(l => l is not null)
            => string.Join(Environment.NewLine, lines),
        // A value the binder cannot convert ("lots" for a number): its message names the key and the value.
        InvalidOperationException { InnerException: not null } wrong when wrong.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            => Lead + wrong.Message,
        // Port 3978 (or the ASPNETCORE_URLS address) already taken: say which and what to do, not Kestrel's stack trace.
        IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException } taken
            => Lead + taken.Message + " Another program listens there: stop it, or give HitBot another address with ASPNETCORE_URLS or --urls.",
        _ => null,
    };

    /// <summary>"DataAnnotation validation failed for 'X' members: 'Y' with the error: 'sentence'." → the sentence, which names the key.</summary>
    static string Sentence(string failure) => DataAnnotation().Match(failure) is { Success: true } m ? m.Groups[1].Value : failure;

    [GeneratedRegex("with the error: '(.*)'\\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotation();
}
