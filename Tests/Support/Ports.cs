using System.Net;
using System.Net.Sockets;

namespace Vantage.Tests;

public static class Ports
{
    /// <summary>A TCP and UDP port that is free on loopback right now.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // UDP side taken: try another
            }
        }
        throw new InvalidOperationException("no free loopback port");
    }
}
