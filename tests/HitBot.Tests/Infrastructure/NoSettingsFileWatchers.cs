using System.Runtime.CompilerServices;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// Test hosts read appsettings.json once instead of watching it. Each watching host holds one of the machine's inotify
/// instances, 128 per user on Debian, shared with every other process of that user: with some sixty hosts alive at once
/// and another test run beside it, starts failed with "The configured user limit (128) on the number of inotify instances
/// has been reached", failures that had nothing to do with what the tests check. No test changes a settings file.
/// </summary>
static class NoSettingsFileWatchers
{
    [ModuleInitializer]
    internal static void ReadSettingsFilesOnce() =>
        // Read by WebApplication.CreateBuilder from its DOTNET_-prefixed host settings (hostBuilder:reloadConfigOnChange).
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
