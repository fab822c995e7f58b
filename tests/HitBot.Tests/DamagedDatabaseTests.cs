using System.Diagnostics;
using System.Security.Cryptography;
using LiteDB;

namespace HitBot.Tests;

/// <summary>
/// HitBot started as an operator starts it (its own process) on a file that is not a usable database: it stops with one
/// clear line and a non-zero exit code, and the file is exactly as it was.
/// </summary>
public sealed class DamagedDatabaseTests : IDisposable
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    readonly string folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));

    public DamagedDatabaseTests() => System.IO.Directory.CreateDirectory(folder);

    [Theory]
    [InlineData("empty", "is empty")]
    [InlineData("garbage", "not a LiteDB database")]
    [InlineData("cut short", "cut short")]
    public async Task A_damaged_database_stops_the_start_with_one_clear_line_and_the_file_is_left_alone(string damage, string said)
    {
        var path = Path.Combine(folder, "hitbot.db");
        Damage(path, damage);
        var before = SHA256.HashData(await File.ReadAllBytesAsync(path, Ct));

        var (exit, stdout, stderr) = await RunHitBotAsync($"--HitBot:Storage:Path={path}");

        Assert.NotEqual(0, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains(said, line, StringComparison.Ordinal);
        Assert.Contains("Backing up the data", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(path, Ct)));
    }

    [Fact]
    public async Task A_backup_from_a_newer_HitBot_stops_the_start_with_one_clear_line_and_the_file_is_left_alone()
    {
        var path = Path.Combine(folder, "hitbot.db");
        using (var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }))
        {
            db.GetCollection("people").Insert(new BsonDocument { ["name"] = "Maya Lopez" });
            db.UserVersion = 999;
        }
        var before = SHA256.HashData(await File.ReadAllBytesAsync(path, Ct));

        var (exit, stdout, stderr) = await RunHitBotAsync($"--HitBot:Storage:Path={path}");

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("schema version 999, newer than this HitBot understands", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(path, Ct)));
    }

    [Fact]
    public async Task A_database_folder_HitBot_cannot_make_stops_the_start_with_one_line_naming_the_setting()
    {
        // As a service account meets /var/lib/hitbot that nobody made for it: the start aborted with "Unhandled exception",
        // a stack trace and exit code 134, and systemd started it again and again. (A file where the folder should be stands
        // in for the missing permission, which root, running the tests, always has.)
        var notAFolder = Path.Combine(folder, "hitbot");
        await File.WriteAllTextAsync(notAFolder, "", Ct);
        var path = Path.Combine(notAFolder, "hitbot.db");

        var (exit, stdout, stderr) = await RunHitBotAsync($"--HitBot:Storage:Path={path}");

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"hitbot: HitBot cannot create or write its database folder {notAFolder} (HitBot:Storage:Path)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_path_HitBot_cannot_open_stops_the_start_with_one_line_naming_the_setting()
    {
        // HitBot__Storage__Path=/var/lib/hitbot (the folder, not the file), or a hitbot.db that `sudo ... import-roster` made
        // root's: "Unhandled exception", a stack trace and exit code 134. A folder at the path stands in for both here, as
        // root, running the tests, is refused nothing else.
        var path = Path.Combine(folder, "hitbot.db");
        System.IO.Directory.CreateDirectory(path);

        var (exit, stdout, stderr) = await RunHitBotAsync($"--HitBot:Storage:Path={path}");

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"hitbot: HitBot cannot open its database file {path} (HitBot:Storage:Path)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disk_that_refuses_the_database_write_at_start_stops_it_with_one_line_naming_the_setting()
    {
        // A full disk (or one remounted read-only) met while the file is opened or upgraded: "Unhandled exception", LiteDB's
        // stack trace and exit code 134. A log file that points into a folder that is not there stands in for such a disk
        // here: its write is refused with an I/O error of the same kind, and root, running the tests, is refused nothing else.
        var path = Path.Combine(folder, "hitbot.db");
        File.CreateSymbolicLink(Path.Combine(folder, "hitbot-log.db"), Path.Combine(folder, "gone", "hitbot-log.db"));

        var (exit, stdout, stderr) = await RunHitBotAsync($"--HitBot:Storage:Path={path}");

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"hitbot: HitBot cannot write its database file {path} (HitBot:Storage:Path)", line, StringComparison.Ordinal);
        Assert.Contains("start HitBot again", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    static void Damage(string path, string damage)
    {
        switch (damage)
        {
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "garbage":
                File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(3 * 8192));
                break;
            default:
                using (var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }))
                    db.GetCollection("people").Insert(new BsonDocument { ["name"] = "Maya Lopez" });
                using (var file = new FileStream(path, FileMode.Open))
                    file.SetLength(file.Length - 1000);
                break;
        }
    }

    /// <summary>The built host (HitBot.dll beside the tests) with its own settings, on a port of its own choosing.</summary>
    static async Task<(int Exit, string Stdout, string Stderr)> RunHitBotAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HitBot.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("HitBot kept running on a damaged database instead of stopping.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* the OS temp cleaner takes what is left */ }
    }
}
