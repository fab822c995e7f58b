using Microsoft.Extensions.Options;

namespace HitBot.Core;

/// <summary>Time in the program's zone. Everything reads <see cref="TimeProvider"/>, so tests move time instead of sleeping.</summary>
public sealed class ProgramClock(TimeProvider time, IOptions<ProgramOptions> options)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset Now() => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);

    public DateOnly Today() => DateOnly.FromDateTime(Now().DateTime);
}
