using System.ComponentModel.DataAnnotations;

namespace HitBot.Hosting;

public sealed class AdminOptions
{
    public const string Section = "HitBot:Admin";

    /// <summary>Bearer token for <c>/api/admin/*</c>. Empty turns the admin API off.</summary>
    [MinLength(16, ErrorMessage = "HitBot:Admin:Token must be at least 16 characters; generate one with `openssl rand -hex 32`.")]
    public string Token { get; set; } = "";

    public bool Enabled => Token.Length > 0;
}
