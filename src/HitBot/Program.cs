using HitBot.Admin;
using HitBot.Cli;
using HitBot.Core;
using HitBot.Core.ActionPlan;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Erasure;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Dashboard;
using HitBot.Channels;
using HitBot.Hosting;
using HitBot.Slack;
using HitBot.Teams;

// What people read and what HitBot stores do not depend on the server's language and region.
MachineCulture.Ignore();
// `dotnet run -- import-roster roster.csv` and `-- export-cards DIR` run one job and exit; no arguments start the bot.
if (CliVerb.AsksForHelp(args))
{
    await Console.Out.WriteAsync(CliVerb.Help);
    return 0;
}
// A mistyped setting stops the start with one line that names it, not "Unhandled exception", a stack trace and an abort.
SettingsProblem.ExitWithOneLine();
var verb = CliVerb.Parse(args);
if (verb?.Problem is { } wrongVerb)
{
    // Before anything opens the database: a mistyped verb says so, and creates no file.
    await Console.Error.WriteLineAsync(wrongVerb);
    await Console.Out.WriteAsync(CliVerb.Help);
    return 2;
}
// appsettings.json sits beside HitBot.dll; `dotnet run` starts in the caller's folder (data/ is relative to it), so the
// content root is the program's own folder, not the current one.
// export-cards renders samples only, yet the command lists it shows are built on the stores: they get a throwaway file, so
// the verb runs beside a running HitBot and leaves no hitbot.db behind.
var scratch = verb?.Name == "export-cards" ? Directory.CreateTempSubdirectory("hitbot-cards-").FullName : null;
string[] configurationArgs = scratch is null ? verb?.ConfigurationArgs ?? args
    : [.. verb!.ConfigurationArgs, "--HitBot:Storage:Path=" + Path.Combine(scratch, "hitbot.db")];
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = configurationArgs, ContentRootPath = AppContext.BaseDirectory });

builder.Services.AddHitBotHost();
builder.AddHitBotObservability();
builder.Services.AddLocalAdminToken();
builder.Services.AddDashboard();
// One line per part of the core, each registered from its own folder (src/HitBot.Core/<Part>/<Part>Setup.cs).
builder.Services.AddProgram().AddStorage().AddCalendar().AddMessaging()
    .AddDirectory().AddActionPlan().AddUpdates().AddFeedback().AddSurveys().AddErasure();
builder.Services.AddTeams();
builder.Services.AddSlack(builder.Configuration);
builder.Services.AddOpenApi();

var app = builder.Build();
if (verb?.OpensDatabase != false && DatabaseOpen.Problem(app.Services) is { } damaged)
{
    await Console.Error.WriteLineAsync(damaged);
    return 1;
}
if (verb is not null)
{
    try
    {
        await using (app) return await verb.RunAsync(app.Services, Console.Out, Console.Error, CancellationToken.None);
    }
    finally
    {
        if (scratch is not null) Directory.Delete(scratch, recursive: true);
    }
}

// Every setting checked before the host starts: a wrong one is its one line (SettingsProblem) and nothing else, where the
// host's own "Hosting failed to start" put a stack trace in the log above it.
app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

app.UseTrustedProxies();
app.UseHttpLogging();
app.UseInboundMetrics();
app.UseExceptionHandler();
app.UseStatusCodePages();
// Browsers that reached HitBot over https keep to it (HSTS is not sent over http, nor for localhost).
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseAdminDoor();
// After the door: a stranger gets 401, not a word about what a query value should be.
app.UseQueryValueCheck();
app.MapHealthEndpoints();
app.MapTeamsEndpoints();
app.MapSlackEndpoints();
app.MapAdminEndpoints();
app.MapDashboard();
// The admin API described for scripts and client generators (GET /openapi/v1.json); the description holds no data.
app.MapOpenApi();
var background = BackgroundFailure.Of(app.Services);
try
{
    await app.RunAsync();
}
catch (Exception) when (background.Problem() is not null)
{
    // A part that failed as HitBot started stopped the start: Kestrel's bind, cancelled, ended the process with its stack trace.
}
// A background part that failed stopped the host as a clean stop would: say so, and exit non-zero so it is restarted.
if (background.Problem() is { } failed)
{
    await Console.Error.WriteLineAsync(failed);
    return 1;
}
return 0;
