using Microsoft.Extensions.Hosting;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// Holds Program's start until the test host has attached to it. <see cref="Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory{TEntryPoint}"/>
/// lets Program run on its own thread and only then asks the built host's services for its lifetime, to wait for it to
/// start. A start that failed fast (a hosted check refusing a setting) disposed the host first, so the test saw
/// <see cref="ObjectDisposedException"/> instead of the settings problem Program printed, now and then on a busy machine.
/// </summary>
/// <remarks>
/// The host waits for <see cref="IHostLifetime.WaitForStartAsync"/> before it checks options or starts any part, so
/// nothing a test asserts on runs before <see cref="Open"/>. The console lifetime this replaces only listens for Ctrl+C.
/// </remarks>
sealed class StartGate : IHostLifetime
{
    readonly TaskCompletionSource attached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the start go on: the test host is now waiting for its outcome.</summary>
    public void Open() => attached.TrySetResult();

    public Task WaitForStartAsync(CancellationToken cancellationToken) => attached.Task.WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
