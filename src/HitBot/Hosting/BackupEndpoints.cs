using System.Globalization;
using HitBot.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Hosting;

/// <summary><c>POST /api/admin/backup</c>: a consistent copy of the database, made while HitBot runs, as a download.</summary>
public static class BackupEndpoints
{
    public const string SchemaVersionHeader = "X-HitBot-Schema-Version";

    public static RouteGroupBuilder MapBackupEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/backup", Backup).Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        return admin;
    }

    /// <summary>Why a person's own token (a central team member's) takes no backup.</summary>
    public const string OperatorOnly = "A backup is taken with the shared admin token (HitBot:Admin:Token), the operator's, not with a person's own token: " +
        "the file holds what no page shows, such as the chat each piece of anonymous feedback came from. Nothing was copied.";

    static Results<FileStreamHttpResult, ProblemHttpResult> Backup(HttpContext http, HitBotDb db, TimeProvider time, ILoggerFactory loggers)
    {
        // The central team reads anonymous feedback and answers it without learning who wrote it; the raw file would tell them.
        if (HitBot.Admin.AdminClaims.PersonId(http.User) is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: OperatorOnly);
        // Beside the database (same disk, same permissions), gone once the download ends or fails.
        var folder = Path.GetDirectoryName(db.FilePath) ?? Path.GetTempPath();
        var copy = Path.Combine(folder, $".backup-{Guid.NewGuid():N}.db");
        int version;
        try
        {
            version = db.BackupTo(copy, time.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk or a folder HitBot cannot write: the backup job is told where and why, not "an error occurred".
            if (File.Exists(copy)) File.Delete(copy);
            loggers.CreateLogger(typeof(BackupEndpoints).FullName!).LogError(e, "The backup copy in {Folder} could not be made", folder);
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError,
                title: $"HitBot could not make the backup copy in {folder}: {e.Message.TrimEnd('.')}. It writes the copy beside the database " +
                       "before sending it, so that folder needs free space for about the database's size and must be writable by HitBot. Nothing was changed.");
        }
        catch
        {
            if (File.Exists(copy)) File.Delete(copy);
            throw;
        }
        http.Response.Headers[SchemaVersionHeader] = version.ToString(CultureInfo.InvariantCulture);
        var name = string.Create(CultureInfo.InvariantCulture, $"hitbot-{time.GetUtcNow():yyyyMMdd-HHmmss}Z.db");
        var stream = new FileStream(copy, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.SequentialScan);
        return TypedResults.File(stream, "application/octet-stream", name);
    }
}
