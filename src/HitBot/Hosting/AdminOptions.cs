namespace HitBot.Hosting;

public sealed class AdminOptions
{
    public const string Section = "HitBot:Admin";

    /// <summary>Bearer token for <c>/api/admin/*</c>. Empty turns the admin API off.</summary>
    public string Token { get; set; } = "";

    public bool Enabled => Token.Length > 0;

    public const int MinTokenLength = 16;
}
