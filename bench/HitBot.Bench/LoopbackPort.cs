using System.Net;
using System.Net.Sockets;

namespace HitBot.Bench;

/// <summary>A free TCP port on 127.0.0.1, for the processes the benches start (HitBot itself, the SDK reference bot).</summary>
static class LoopbackPort
{
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
