using System.Net;
using DnsClient;

namespace Vantage.Tests;

public static class DnsClients
{
    /// <summary>A resolver that asks only <paramref name="server"/>, once per query (no cache, no retries), over UDP or TCP.</summary>
    public static LookupClient For(IPEndPoint server, bool tcp = false) => new(new LookupClientOptions(new NameServer(server))
    {
        UseCache = false,
        Retries = 0,
        Timeout = TimeSpan.FromSeconds(5),
        UseTcpOnly = tcp,
        EnableAuditTrail = false,
    });
}
