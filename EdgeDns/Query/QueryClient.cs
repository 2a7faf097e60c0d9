using System.Net;
using System.Net.Sockets;
using Vantage.Steering.Engine;
using Vantage.Steering.Geo;

namespace Vantage.EdgeDns.Query;

/// <summary>
/// Who sent the query, as the filter chains see it: the resolver's address and, when the query carried one,
/// its EDNS Client Subnet. Collects the ECS scope the answer depended on while the response is built.
/// </summary>
internal struct QueryClient
{
    public SteeringClient Resolver;
    public SteeringClient Subnet;
    public bool HasSubnet;
    /// <summary>The largest SCOPE PREFIX-LENGTH any steered answer in the response needed.</summary>
    public int Scope;
    public IGeoLookup Geo;
    public ISteeringRandom Random;
    /// <summary>Where the filter chains' run time is sampled (none in tests that build a bare processor).</summary>
    public Stats.QueryCounters? Counters;
}

/// <summary>Reads the peer address out of a received <see cref="SocketAddress"/> without allocating.</summary>
public static class ClientAddresses
{
    /// <summary>Linux/BSD sockaddr layout: IPv4 address at offset 4, IPv6 at offset 8.</summary>
    public static ReadOnlySpan<byte> Of(SocketAddress address)
    {
        var buffer = address.Buffer.Span;
        return address.Family switch
        {
            AddressFamily.InterNetwork when buffer.Length >= 8 => buffer.Slice(4, 4),
            AddressFamily.InterNetworkV6 when buffer.Length >= 24 => buffer.Slice(8, 16),
            _ => [],
        };
    }
}
