namespace HitBot.Hosting;

public sealed class AdminOptions
{
    public const string Section = "HitBot:Admin";

    /// <summary>Bearer token for <c>/api/admin/*</c>. Empty turns the admin API off.</summary>
    public string Token { get; set; } = "";

    public bool Enabled => Token.Length > 0;

    /// <summary>
    /// Days a personal token (<c>hbp_…</c>) works after it was issued; 0: until it is revoked. A partner lead who left a
    /// vendor, whose role nobody took off the roster, otherwise kept a key to tutors' names for good.
    /// </summary>
    public int PersonalTokenDays { get; set; } = 365;

    public const int MaxPersonalTokenDays = 36500;

    /// <summary>When a personal token issued at <paramref name="issuedAt"/> (UTC) stops working, or null when tokens never expire.</summary>
    public DateTime? PersonalTokenExpiresAt(DateTime issuedAt) =>
        PersonalTokenDays <= 0 ? null : DateTime.SpecifyKind(issuedAt, DateTimeKind.Utc).AddDays(PersonalTokenDays);

    /// <summary>Why the lifetime cannot be used, or null (a huge number would overflow the date).</summary>
    public string? PersonalTokenDaysProblem() => PersonalTokenDays is < 0 or > MaxPersonalTokenDays
        ? $"HitBot:Admin:PersonalTokenDays must be a whole number of days from 0 (personal tokens never expire) to {MaxPersonalTokenDays}, not {PersonalTokenDays}."
        : null;

    public const int MinTokenLength = 32;

    /// <summary>The value an earlier appsettings.sample.json carried: copied as-is, it is a token everyone knows.</summary>
    public const string FormerSampleToken = "3f9c2a7e51d04b8f9e6a2c1d7b5e4f30a8c6d2e1f9b7a5c3";

    /// <summary>Words that mark a value someone was meant to replace.</summary>
    static readonly string[] PlaceholderWords = ["changeme", "change-me", "change_me", "password", "placeholder", "paste", "example", "secret"];

    /// <summary>
    /// Why this token is too easy to guess, or null. The throttle slows guessing; only a long random token makes it
    /// hopeless. <c>openssl rand -hex 32</c> gives 64 characters of 16 kinds.
    /// </summary>
    public static string? Weakness(string token)
    {
        if (token.Length == 0) return null;
        const string howTo = " Make one with `openssl rand -hex 32` (or leave it empty to turn the admin API off).";
        if (token == FormerSampleToken)
            return "HitBot:Admin:Token is the sample value from appsettings.sample.json, which anyone can read." + howTo;
        if (token.Length < MinTokenLength)
            return $"HitBot:Admin:Token must be at least {MinTokenLength} characters." + howTo;
        if (PlaceholderWords.Any(w => token.Contains(w, StringComparison.OrdinalIgnoreCase)))
            return "HitBot:Admin:Token looks like a placeholder (it contains a word like 'changeme' or 'paste')." + howTo;
        if (token.Distinct().Count() < 10 || RepeatsShortChunk(token))
            return "HitBot:Admin:Token has too little variety (a few characters or a short pattern repeated)." + howTo;
        return null;
    }

    /// <summary>"abcdefgh" eight times over has enough kinds of characters but is one short guess repeated.</summary>
    static bool RepeatsShortChunk(string token)
    {
        for (var period = 1; period <= 16 && period < token.Length; period++)
        {
            var repeats = true;
            for (var i = period; i < token.Length && repeats; i++) repeats = token[i] == token[i - period];
            if (repeats) return true;
        }
        return false;
    }
}
