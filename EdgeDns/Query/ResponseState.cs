using System.Runtime.CompilerServices;
using Vantage.EdgeDns.Zones;

namespace Vantage.EdgeDns.Query;

/// <summary>Header bits and section counts of the response being built.</summary>
internal struct ResponseState
{
    public int Rcode;
    public bool Authoritative;
    public bool Truncated;
    public int Answers;
    public int Authority;
    public int Additional;
    /// <summary>The zone that answered (rate limiting keys NXDOMAIN by zone) and the record set that gave the answer (the first of a CNAME chain; for the stats).</summary>
    public CompiledZone? Zone;
    public CompiledRRSet? Record;
}

/// <summary>CNAME targets already followed while chasing a chain (stack storage, no allocation).</summary>
[InlineArray(Responder.MaxChain + 1)]
internal struct VisitedNames
{
    private byte[]? element;
}
