using System.Net;
using System.Net.Http.Json;
using System.Text;
using HitBot.Cli;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Loops;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HitBot.Tests;

/// <summary>Online backups (the admin API and the <c>backup</c> verb) and the restore the README describes.</summary>
public sealed class BackupTests : IDisposable
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    readonly string folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The folder of the database a test backs up and restores; the backup is kept beside it, as a district would.</summary>
    readonly string dataFolder;
    string backup => Path.Combine(folder, "backup.db");

    public BackupTests()
    {
        System.IO.Directory.CreateDirectory(folder);
        dataFolder = System.IO.Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
    }

    /// <summary>Takes a backup through the admin API, as the backup verb does, into <see cref="backup"/>.</summary>
    async Task<HttpResponseMessage> BackUpAsync(HttpClient admin)
    {
        var response = await admin.PostAsync(new Uri("/api/admin/backup", UriKind.Relative), null, Ct);
        await File.WriteAllBytesAsync(backup, await response.Content.ReadAsByteArrayAsync(Ct), Ct);
        return response;
    }

    /// <summary>Restores as the README says: HitBot stopped, the backup in place of the file, the old log file removed.</summary>
    void RestoreAsTheReadmeSays()
    {
        File.Copy(backup, Path.Combine(dataFolder, "hitbot.db"), overwrite: true);
        File.Delete(Path.Combine(dataFolder, "hitbot-log.db"));
    }

    static async Task ImportAsync(HttpClient admin, string csv) =>
        (await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"), Ct))
            .EnsureSuccessStatusCode();

    [Fact]
    public async Task A_backup_taken_while_HitBot_runs_restores_to_the_state_it_was_taken_in()
    {
        using (var app = new HitBotApp(folder: dataFolder))
        {
            var admin = app.CreateAdminClient();
            await ImportAsync(admin, "name,email,role\nMaya Lopez,maya@example.org,tutor\n");

            var response = await BackUpAsync(admin);
            await ImportAsync(admin, "name,email,role\nSam Ortiz,sam@example.org,tutor\n");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.Matches(@"^hitbot-\d{8}-\d{6}Z\.db$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "");
            Assert.Equal(app.Get<HitBotDb>().SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                response.Headers.GetValues("X-HitBot-Schema-Version").Single());
            Assert.Equal(2, app.Get<DirectoryStore>().Count());
            Assert.DoesNotContain(System.IO.Directory.GetFiles(dataFolder), f => Path.GetFileName(f).StartsWith(".backup-", StringComparison.Ordinal));
        }

        RestoreAsTheReadmeSays();
        using var restored = new HitBotApp(folder: dataFolder);

        Assert.Equal("maya@example.org", Assert.Single(restored.Get<DirectoryStore>().All()).Email);
    }

    [Fact]
    public async Task The_first_start_on_a_restored_backup_warns_that_messages_waiting_in_it_may_reach_people_twice()
    {
        using (var app = new HitBotApp(folder: dataFolder))
        {
            await BackUpAsync(app.CreateAdminClient());
        }
        RestoreAsTheReadmeSays();

        var first = new StartupLogTests.StartupLines();
        using (var restored = new HitBotApp(folder: dataFolder) { TestServices = s => s.AddSingleton<ILoggerProvider>(first) }) _ = restored.Services;
        var second = new StartupLogTests.StartupLines();
        using (var again = new HitBotApp(folder: dataFolder) { TestServices = s => s.AddSingleton<ILoggerProvider>(second) }) _ = again.Services;

        var warning = Assert.Single(first.Lines, line => line.StartsWith("This database is a backup taken at ", StringComparison.Ordinal));
        Assert.Contains("reach their people a second time", warning, StringComparison.Ordinal);
        // Nothing was waiting in this backup: the operator is told so, not "the 0 messages waiting in it are sent now".
        Assert.Contains("No message was waiting in it.", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Lines, line => line.StartsWith("This database is a backup", StringComparison.Ordinal));
    }

    /// <summary>
    /// The central team answers anonymous feedback without learning who wrote it; the file holds the chat each item came from.
    /// A coordinator's own token (full rights otherwise) downloaded the whole database.
    /// </summary>
    [Fact]
    public async Task A_central_team_members_own_token_takes_no_backup_the_shared_admin_token_does()
    {
        using var app = new HitBotApp(folder: dataFolder);
        await ImportAsync(app.CreateAdminClient(), "name,email,role\nLena Park,lena@example.org,central team\n");
        var lena = app.Get<DirectoryStore>().FindByEmail("lena@example.org")!.Id;
        var issued = await app.CreateAdminClient().PostAsync(new Uri($"/api/admin/people/{lena}/api-token", UriKind.Relative), null, Ct);
        using var asLena = app.CreateClient();
        asLena.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await issued.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Ct))!["token"]!);

        var refused = await asLena.PostAsync(new Uri("/api/admin/backup", UriKind.Relative), null, Ct);
        var feedback = await asLena.GetAsync(new Uri("/api/admin/feedback", UriKind.Relative), Ct);
        var taken = await BackUpAsync(app.CreateAdminClient());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var title = (await refused.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Ct))?["title"]?.GetValue<string>();
        Assert.Equal(HitBot.Hosting.BackupEndpoints.OperatorOnly, title);
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode); // her other rights stay
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.DoesNotContain(System.IO.Directory.GetFiles(dataFolder), f => Path.GetFileName(f).StartsWith(".backup-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_warning_on_a_restored_backup_says_how_many_messages_were_waiting_in_it()
    {
        using (var app = new HitBotApp(folder: dataFolder))
        {
            var now = app.Time.GetUtcNow();
            var to = new HitBot.Core.Messaging.ChannelAddress { Channel = HitBot.Core.Messaging.ChannelKind.Slack, TeamId = "T1", UserId = "U1", ConversationId = "D1" };
            // Due tomorrow, so nothing sends it before the backup is taken.
            app.Get<HitBot.Core.Messaging.Outbox.OutboxStore>().TryEnqueue(HitBot.Core.Messaging.Outbox.Delivery.Send(
                "reminder-1", "reminders", null, to, HitBot.Core.Messaging.Message.Text("Your step is due Friday."), now) with { DueAt = now.UtcDateTime.AddDays(1) });
            await BackUpAsync(app.CreateAdminClient());
        }
        RestoreAsTheReadmeSays();

        var log = new StartupLogTests.StartupLines();
        using (var restored = new HitBotApp(folder: dataFolder) { TestServices = s => s.AddSingleton<ILoggerProvider>(log) }) _ = restored.Services;

        var warning = Assert.Single(log.Lines, line => line.StartsWith("This database is a backup taken at ", StringComparison.Ordinal));
        Assert.Contains("The messages waiting in it (1) are sent now", warning, StringComparison.Ordinal);
    }

    /// <summary>
    /// A weekly update or a survey run due after the backup was taken went out from the old installation, and the restored
    /// file still has it due: it goes to everyone again at this start. The warning said only "the 0 messages waiting in it".
    /// </summary>
    [Fact]
    public async Task The_first_start_on_a_restored_backup_names_the_updates_and_surveys_due_since_it_was_taken_as_going_again()
    {
        DateTimeOffset takenAt;
        using (var app = new HitBotApp(folder: dataFolder))
        {
            takenAt = app.Time.GetUtcNow();
            var now = takenAt.UtcDateTime;
            app.Get<HitBot.Core.Updates.UpdateStore>().Save(new HitBot.Core.Updates.Update
            {
                Id = "week12", Title = "Week 12", Body = "Sessions resume Monday", CreatedAt = now, NextAt = now.AddHours(1),
                Audience = new Audience { Roles = [Roles.Tutor] },
            });
            app.Get<HitBot.Core.Updates.UpdateStore>().Save(new HitBot.Core.Updates.Update
            {
                Id = "next-month", Title = "Next month", Body = "Later", CreatedAt = now, NextAt = now.AddDays(30),
                Audience = new Audience { Roles = [Roles.Tutor] },
            });
            app.Get<SurveyStore>().Save(new SurveyRun
            {
                Id = "pulse-1", SurveyId = "pulse", Title = "Pulse", Status = RunStatus.Scheduled, OpensAt = now.AddHours(2), ClosesAt = now.AddDays(7), CreatedAt = now,
            });
            await BackUpAsync(app.CreateAdminClient());
        }
        RestoreAsTheReadmeSays();

        var log = new StartupLogTests.StartupLines();
        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(takenAt.AddHours(3));
        using (var restored = new HitBotApp(folder: dataFolder, time: later) { TestServices = s => s.AddSingleton<ILoggerProvider>(log) }) _ = restored.Services;

        var warning = Assert.Single(log.Lines, line => line.StartsWith("This database is a backup taken at ", StringComparison.Ordinal));
        Assert.Contains("update week12", warning, StringComparison.Ordinal);
        Assert.Contains("survey run pulse-1", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("next-month", warning, StringComparison.Ordinal);
    }

    /// <summary>
    /// After a restore the coordinator finds answers, feedback and edits of the last days gone: the dashboard's first page says
    /// the data is a backup's, and from when, for the weeks after it (the log's warning reaches IT only).
    /// </summary>
    [Fact]
    public async Task The_overview_says_the_data_was_restored_from_a_backup_and_when_it_was_taken()
    {
        DateTimeOffset takenAt;
        using (var app = new HitBotApp(folder: dataFolder))
        {
            takenAt = app.Time.GetUtcNow();
            var before = await app.CreateAdminClient().GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/admin/overview", Ct);
            Assert.Null(before?["restored"]);
            await BackUpAsync(app.CreateAdminClient());
        }
        RestoreAsTheReadmeSays();
        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(takenAt.AddDays(2));
        using (var restored = new HitBotApp(folder: dataFolder, time: later)) _ = restored.Services;

        using var again = new HitBotApp(folder: dataFolder, time: later);
        var overview = await again.CreateAdminClient().GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/admin/overview", Ct);
        later.Advance(TimeSpan.FromDays(30));
        var monthLater = await again.CreateAdminClient().GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/admin/overview", Ct);

        Assert.Equal(takenAt.UtcDateTime, overview?["restored"]?["backupTakenAt"]?.GetValue<DateTime>().ToUniversalTime());
        Assert.Equal(takenAt.AddDays(2).UtcDateTime, overview?["restored"]?["restoredAt"]?.GetValue<DateTime>().ToUniversalTime());
        Assert.Null(monthLater?["restored"]);
    }

    /// <summary>
    /// The database moved to a new machine (or restored) without the anonymity key file: HitBot would make a new key at the
    /// first answer, and everyone who answered an open anonymous run could answer it again. The start says so.
    /// </summary>
    [Fact]
    public void A_start_without_the_anonymity_key_while_an_open_anonymous_run_holds_answers_warns_to_restore_the_key()
    {
        using (var app = new HitBotApp(folder: dataFolder))
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            app.Get<SurveyStore>().Save(new SurveyRun
            {
                Id = "pulse-1", SurveyId = "pulse", Title = "Pulse", Anonymous = true, Status = RunStatus.Open, OpensAt = now, ClosesAt = now.AddDays(7), CreatedAt = now,
            });
            app.Get<HitBotDb>().Collection<SurveyResponse>(SurveyStore.Responses).Insert(new SurveyResponse
            {
                Id = "pulse-1:k3y", RunId = "pulse-1", Answers = new() { ["intent"] = "yes" }, SubmittedAt = now,
            });
        }

        var log = new StartupLogTests.StartupLines();
        using var moved = new HitBotApp(folder: dataFolder) { TestServices = s => s.AddSingleton<ILoggerProvider>(log) };
        _ = moved.Services;

        var warning = Assert.Single(log.Lines, line => line.StartsWith("No anonymity key at ", StringComparison.Ordinal));
        Assert.Contains(moved.AnonymityKeyPath, warning, StringComparison.Ordinal);
        Assert.Contains("answer again", warning, StringComparison.Ordinal);
    }

    /// <summary>
    /// An upgrade's schema steps run before HitBot answers anything, /healthz included (a minute or more on a large file): the
    /// log says so as they begin, so nobody stops HitBot (or lets a liveness probe stop it) thinking it hangs.
    /// </summary>
    [Fact]
    public void The_first_start_of_a_newer_HitBot_says_it_is_upgrading_the_file_and_when_it_is_done()
    {
        using (var app = new HitBotApp(folder: dataFolder)) _ = app.Services;
        using (var raw = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = Path.Combine(dataFolder, "hitbot.db"), Connection = LiteDB.ConnectionType.Direct }))
            raw.UserVersion = Migrations.Current - 1;

        var log = new StartupLogTests.StartupLines(typeof(HitBotDb).FullName);
        using (var upgraded = new HitBotApp(folder: dataFolder) { TestServices = s => s.AddSingleton<ILoggerProvider>(log) }) _ = upgraded.Services;
        var again = new StartupLogTests.StartupLines(typeof(HitBotDb).FullName);
        using (var next = new HitBotApp(folder: dataFolder) { TestServices = s => s.AddSingleton<ILoggerProvider>(again) }) _ = next.Services;

        Assert.Contains(log.Lines, line => line.StartsWith($"Upgrading the database {Path.Combine(dataFolder, "hitbot.db")} from schema version {Migrations.Current - 1} to {Migrations.Current}", StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.StartsWith($"Upgraded the database to schema version {Migrations.Current} in ", StringComparison.Ordinal));
        Assert.Empty(again.Lines);
    }

    /// <summary>
    /// A file from before the anonymity key moved out of the database still holds it in <c>secrets</c> until the next
    /// anonymous answer, which may be months away. A backup of it then held the anonymous answers and the key that turns
    /// each person into their respondent key: whoever has the backup file could tell who gave every anonymous answer.
    /// </summary>
    [Fact]
    public async Task A_backup_of_a_file_from_before_the_anonymity_key_moved_out_does_not_carry_the_key()
    {
        var legacy = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        string keyPath;
        using (var app = new HitBotApp(folder: dataFolder)) { _ = app.Services; keyPath = app.AnonymityKeyPath; }
        using (var raw = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = Path.Combine(dataFolder, "hitbot.db"), Connection = LiteDB.ConnectionType.Direct }))
            raw.GetCollection("secrets").Insert(new LiteDB.BsonDocument { ["_id"] = "survey-respondent-key", ["Value"] = legacy });

        using (var restarted = new HitBotApp(folder: dataFolder))
            (await BackUpAsync(restarted.CreateAdminClient())).EnsureSuccessStatusCode();

        using (var copy = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = backup, Connection = LiteDB.ConnectionType.Direct, ReadOnly = true }))
            Assert.Equal(0, copy.GetCollection("secrets").Count());
        // Nor in the file's free space, where a deleted document's bytes could be left.
        var bytes = await File.ReadAllBytesAsync(backup, Ct);
        Assert.False(bytes.AsSpan().IndexOf(legacy) >= 0, "the backup file still holds the key's bytes");
        // Moved, not lost: the people who answered before keep their one answer per run.
        Assert.Equal(legacy, await File.ReadAllBytesAsync(keyPath, Ct));
        File.Delete(keyPath);
    }

    /// <summary>
    /// An old backup (its anonymity key still inside it) restored on a host whose key file belongs to another copy of the
    /// data: the file's key was taken and the database's deleted, so the database's anonymous answers could never be told
    /// apart by person again. The start stops with one line naming the setting, and neither key is touched.
    /// </summary>
    [Fact]
    public void A_database_holding_another_anonymity_key_than_the_key_file_stops_the_start_and_changes_neither()
    {
        var legacy = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var other = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
        string keyPath;
        using (var app = new HitBotApp(folder: dataFolder)) { _ = app.Services; keyPath = app.AnonymityKeyPath; }
        using (var raw = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = Path.Combine(dataFolder, "hitbot.db"), Connection = LiteDB.ConnectionType.Direct }))
            raw.GetCollection("secrets").Insert(new LiteDB.BsonDocument { ["_id"] = "survey-respondent-key", ["Value"] = legacy });
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(keyPath)!);
        File.WriteAllBytes(keyPath, other);

        OptionsValidationException refused;
        using (var restarted = new HitBotApp(folder: dataFolder))
            refused = Assert.Throws<OptionsValidationException>(() => restarted.CreateClient());

        Assert.Contains("HitBot:Surveys:AnonymityKeyPath", Assert.Single(refused.Failures), StringComparison.Ordinal);
        Assert.Equal(other, File.ReadAllBytes(keyPath));
        using (var raw = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = Path.Combine(dataFolder, "hitbot.db"), Connection = LiteDB.ConnectionType.Direct, ReadOnly = true }))
            Assert.Equal(legacy, raw.GetCollection("secrets").FindById("survey-respondent-key")["Value"].AsBinary);
        File.Delete(keyPath);
    }

    /// <summary>
    /// HitBot makes the copy beside the database before sending it: when that disk is full or the folder cannot be written
    /// (here it is gone), the district's backup job got "500 An error occurred" and went on failing every night unexplained.
    /// </summary>
    [Fact]
    public async Task A_backup_HitBot_cannot_write_beside_the_database_is_refused_saying_where_and_why()
    {
        var movedAway = Path.Combine(folder, "moved");
        using var app = new HitBotApp(folder: dataFolder);
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var file = Path.Combine(folder, "nightly.db");
        var output = new StringWriter();
        // The timed loops look once as HitBot starts, and a write the disk refuses stops HitBot (DatabaseFileWatch): on a
        // busy machine a checkpoint look came after the move, stopped the host, and the CLI below found nobody listening.
        LoopProgress[] loops = [app.Get<CheckpointProgress>(), app.Get<RetentionProgress>(), app.Get<UpdateSchedulerProgress>(),
            app.Get<ActionRemindersProgress>(), app.Get<SurveyRunnerProgress>()];
        foreach (var loop in loops) await loop.WaitForAsync(() => loop.Looks >= 1, TimeSpan.FromSeconds(60), Ct);
        System.IO.Directory.Move(dataFolder, movedAway);

        HttpResponseMessage response;
        int exit;
        try
        {
            response = await app.CreateAdminClient().PostAsync(new Uri("/api/admin/backup", UriKind.Relative), null, Ct);
            exit = await CliVerb.Parse(["backup", file, "--url", address])!.RunAsync(VerbServices(HitBotApp.AdminToken), output, output, Ct);
        }
        finally
        {
            System.IO.Directory.Move(movedAway, dataFolder);
        }

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var title = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Ct))?["title"]?.GetValue<string>() ?? "";
        Assert.StartsWith($"HitBot could not make the backup copy in {dataFolder}: ", title, StringComparison.Ordinal);
        Assert.Contains("free space", title, StringComparison.Ordinal);
        Assert.Equal(1, exit);
        Assert.Equal($"HitBot at {address} could not make the backup: {title}", Assert.Single(output.ToString().TrimEnd().Split('\n')));
        Assert.False(File.Exists(file));
        Assert.DoesNotContain(System.IO.Directory.GetFiles(dataFolder), f => Path.GetFileName(f).StartsWith(".backup-", StringComparison.Ordinal));
    }

    /// <summary>
    /// In .NET's container images HitBot listens on ASPNETCORE_HTTP_PORTS (8080), not ASPNETCORE_URLS: the verb, run with
    /// the container's settings, asked port 5000 and told the operator HitBot was not running.
    /// </summary>
    [Fact]
    public async Task The_backup_verb_finds_HitBot_on_the_port_ASPNETCORE_HTTP_PORTS_names()
    {
        using var app = new HitBotApp();
        app.UseKestrel(0);
        app.StartServer();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var file = Path.Combine(folder, "nightly.db");
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["backup", file])!.RunAsync(VerbServices(HitBotApp.AdminToken, httpPorts: $"{port}"), output, output, Ct);

        Assert.Equal(0, exit);
        Assert.StartsWith($"Backed up to {file} (", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_backup_verb_asks_the_running_HitBot_and_writes_a_copy_that_opens()
    {
        using var app = new HitBotApp();
        app.UseKestrel(0);
        app.StartServer();
        await ImportAsync(app.CreateAdminClient(), "name,email,role\nMaya Lopez,maya@example.org,tutor\n");
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var file = Path.Combine(folder, "nightly.db");
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["backup", file, "--url", address])!.RunAsync(VerbServices(HitBotApp.AdminToken), output, output, Ct);

        Assert.Equal(0, exit);
        Assert.StartsWith($"Backed up to {file} (", output.ToString(), StringComparison.Ordinal);
        using var copy = new HitBotDb(Options.Create(new StorageOptions { Path = file }));
        Assert.Equal("maya@example.org", Assert.Single(new DirectoryStore(copy).All()).Email);
    }

    [Theory]
    [InlineData("--url", "http://127.0.0.1:1")]
    [InlineData("--url=http://127.0.0.1:1", null)] // the way most tools take it; once dropped as a setting, it asked localhost:5000
    public async Task The_backup_verb_says_in_one_line_when_no_HitBot_answers_and_writes_nothing(string option, string? value)
    {
        var file = Path.Combine(folder, "nightly.db");
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["backup", file, option, .. value is null ? Array.Empty<string>() : [value]])!
            .RunAsync(VerbServices(HitBotApp.AdminToken), output, output, Ct);

        Assert.Equal(1, exit);
        Assert.StartsWith("No HitBot answered at http://127.0.0.1:1 (", output.ToString(), StringComparison.Ordinal);
        Assert.Single(output.ToString().TrimEnd().Split('\n'));
        Assert.False(File.Exists(file));
    }

    [Theory]
    [InlineData("localhost:3978")] // as curl takes it: a URL of the scheme 'localhost' to .NET, an unhandled exception and exit 134
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:1")]
    public async Task The_backup_verb_says_in_one_line_when_the_url_is_not_an_http_address_and_writes_nothing(string url)
    {
        var file = Path.Combine(folder, "nightly.db");
        var output = new StringWriter();

        var verb = CliVerb.Parse(["backup", file, "--url", url])!;
        var exit = await verb.RunAsync(VerbServices(HitBotApp.AdminToken), output, output, Ct);

        Assert.Equal(2, exit);
        Assert.Equal($"backup --url takes HitBot's http:// or https:// address, such as http://localhost:3978; '{url}' is not one.", verb.Problem);
        Assert.StartsWith(verb.Problem + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    /// <summary>
    /// The verb sends the admin token and gets back every name and answer HitBot holds: over http:// to another machine both
    /// cross the network readable by anyone on the way. It asks for https:// there before sending anything; http:// stays
    /// for this machine.
    /// </summary>
    [Theory]
    [InlineData("http://hitbot.district.invalid:3978")]
    // An address by number, off this machine: TEST-NET-1 (RFC 5737), routed nowhere; the verb refuses it before any call.
    [InlineData("http://192.0.2.10:3978")]
    public async Task The_backup_verb_sends_the_admin_token_to_another_machine_over_https_only(string url)
    {
        var file = Path.Combine(folder, "nightly.db");
        var output = new StringWriter();
        var verb = CliVerb.Parse(["backup", file, "--url", url])!;

        Assert.Equal($"backup --url sends the admin token and gets back everything HitBot holds, so to another machine it takes https:// " +
            $"('{url}' would send them unencrypted); http:// is for this machine, such as http://localhost:3978.", verb.Problem);
        var exit = await verb.RunAsync(VerbServices(HitBotApp.AdminToken), output, output, Ct);

        Assert.Equal(2, exit);
        Assert.StartsWith(verb.Problem + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.Null(CliVerb.Parse(["backup", file, "--url", "http://127.0.0.1:3978"])!.Problem);
        Assert.Null(CliVerb.Parse(["backup", file, "--url", "https://hitbot.district.invalid"])!.Problem);
    }

    [Fact]
    public async Task The_backup_verb_says_in_one_line_when_the_folder_is_missing_and_writes_nothing()
    {
        using var app = new HitBotApp();
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var missing = Path.Combine(folder, "not-made-yet");
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["backup", Path.Combine(missing, "nightly.db"), "--url", address])!.RunAsync(VerbServices(HitBotApp.AdminToken), output, output, Ct);

        Assert.Equal((1, $"The folder {missing} does not exist; create it first, so the backup has somewhere to go."), (exit, output.ToString().Trim()));
        Assert.False(System.IO.Directory.Exists(missing));
    }

    /// <summary>HitBot restarted mid-download (or the backup disk filled up): one line, exit 1, and no part-written file left to fill the disk.</summary>
    [Fact]
    public async Task The_backup_verb_says_in_one_line_when_the_download_is_cut_short_and_leaves_no_file()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(Ct);
            var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer, Ct) is > 0 and var read)
                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n"), Ct);
            await stream.WriteAsync(new byte[8192], Ct);
        }, Ct);
        var file = Path.Combine(folder, "nightly.db");
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["backup", file, "--url", $"http://127.0.0.1:{port}"])!.RunAsync(VerbServices(HitBotApp.AdminToken), output, output, Ct);
        await server;

        Assert.Equal(1, exit);
        Assert.StartsWith($"No backup was written to {file}: ", Assert.Single(output.ToString().TrimEnd().Split('\n')), StringComparison.Ordinal);
        Assert.Empty(System.IO.Directory.GetFiles(folder));
    }

    static ServiceProvider VerbServices(string token, string? httpPorts = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HitBot:Admin:Token"] = token,
            // As WebApplication.CreateBuilder reads ASPNETCORE_HTTP_PORTS: the prefix taken off.
            ["HTTP_PORTS"] = httpPorts,
        }).Build();
        // The verb's client refuses any host off this machine, as the app's do: the tests that hand it another machine's
        // address (to see it refused before sending) can never reach that address, even with the check broken.
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddHttpClient()
            .AddSingleton<Microsoft.Extensions.Http.IHttpMessageHandlerBuilderFilter, LoopbackOnly>().BuildServiceProvider();
    }

    public void Dispose() => System.IO.Directory.Delete(folder, recursive: true);
}
