using System.Net;
using System.Net.Sockets;

namespace Vantage.Tests.Silo;

/// <summary>TCP ports on 127.0.0.1 that were free a moment ago (picked by the OS).</summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ =>
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }).ToList();
        try
        {
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
