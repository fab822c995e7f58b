namespace HitBot.Teams;

/// <summary>A Connector call to a serviceUrl outside <see cref="ServiceUrlPolicy"/>: never sent, never worth retrying.</summary>
public sealed class ServiceUrlRefusedException(string message) : Exception(message);
