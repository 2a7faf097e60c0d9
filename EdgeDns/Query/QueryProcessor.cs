using System.Buffers.Binary;
using Vantage.EdgeDns.Defense;
using Vantage.EdgeDns.Stats;
using Vantage.EdgeDns.Wire;
using Vantage.EdgeDns.Zones;
using Vantage.Steering.Engine;
using Vantage.Steering.Geo;

namespace Vantage.EdgeDns.Query;

public enum DnsTransport
{
    Udp,
    Tcp,
}

/// <summary>
/// The whole query path: parse → answer from the current zone set → encode, in one pass into the response buffer.
/// Allocation-free; the zone set is read once per query, so a concurrent zone swap never mixes versions.
/// Records with a filter chain are steered per query from the client's address or EDNS Client Subnet.
/// UDP answers go through response rate limiting unless the query shows a valid server cookie.
/// </summary>
public sealed class QueryProcessor(ZoneCatalog catalog, IGeoLookup? geo = null, ISteeringRandom? random = null, QueryPolicy? policy = null,
    QueryCounters? counters = null)
{
    private readonly IGeoLookup geo = geo ?? NoGeoData.Instance;
    private readonly ISteeringRandom random = random ?? SharedRandom.Instance;
    private readonly QueryPolicy policy = policy ?? QueryPolicy.Default();

    /// <summary>Size of the compression target table; later names are written uncompressed (still correct).</summary>
    private const int CompressionTargets = 64;

    /// <summary>Extended RCODE 23 (RFC 7873 §8).</summary>
    private const int BadCookie = 23;
    private const ushort ChaosClass = 3;

    public QueryPolicy Policy => this.policy;

    /// <summary>
    /// Answers <paramref name="query"/> into <paramref name="response"/>. Returns the response length, or 0 when
    /// nothing must be sent back (too short to answer, a response rather than a query, or cut by rate limiting).
    /// </summary>
    /// <param name="client">The sender's address (4 or 16 bytes), or empty when unknown.</param>
    public int Process(ReadOnlySpan<byte> query, Span<byte> response, DnsTransport transport, ReadOnlySpan<byte> client = default)
    {
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        Span<byte> name = stackalloc byte[DnsLimits.MaxNameLength + 1];
        Span<byte> labels = stackalloc byte[DnsLimits.MaxLabels + 1];
        var status = DnsQueryParser.Parse(query, name, labels, out var q);
        switch (status)
        {
            case QueryStatus.Drop:
                return 0;
            case QueryStatus.NotImp:
                return WriteError(query, response, q, (ushort)(DnsFlags.QR | (q.Flags & DnsFlags.OpcodeMask)), DnsRcode.NotImp, client);
            case QueryStatus.FormErr:
                return WriteError(query, response, q, (ushort)(DnsFlags.QR | (q.Flags & DnsFlags.RD)), DnsRcode.FormErr, client);
        }

        var max = transport == DnsTransport.Tcp
            ? DnsLimits.MaxTcpMessage
            : q.HasEdns ? Math.Clamp((int)q.UdpPayloadSize, DnsLimits.ClassicUdpSize, DnsLimits.EdnsUdpSize) : DnsLimits.ClassicUdpSize;
        max = Math.Min(max, response.Length);
        var reserve = q.HasEdns ? OptLength(q) : 0;
        if (q.QuestionEnd + reserve > max) return WriteError(query, response, q, (ushort)(DnsFlags.QR | (q.Flags & DnsFlags.RD)), DnsRcode.ServFail, client);

        query[..q.QuestionEnd].CopyTo(response);
        Span<ushort> table = stackalloc ushort[CompressionTargets];
        var w = new DnsWriter(response, table, max - reserve) { Position = q.QuestionEnd };
        w.AddNameTargets(DnsLimits.HeaderLength);

        var st = new ResponseState();
        var who = new QueryClient
        {
            Resolver = SteeringClient.From(client, client.Length * 8, fromSubnet: false),
            // RFC 7871 §7.1.2: a /0 subnet says nothing of the client; the resolver's address is used (still echoed).
            HasSubnet = q.HasSubnet && q.SubnetSourcePrefix > 0,
            Geo = geo,
            Random = random,
            Counters = counters,
        };
        if (who.HasSubnet) who.Subnet = SteeringClient.FromNumber(q.SubnetFamily == 2, q.SubnetAddress, q.SubnetSourcePrefix, fromSubnet: true);
        if (status == QueryStatus.BadVers) st.Rcode = DnsRcode.BadVers;
        else if (q.QClass == ChaosClass && policy.Nsid.Length > 0 && IsServerIdQuery(q)) WriteServerId(ref w, ref st, policy.Nsid);
        else if (q.QClass != DnsClass.IN && q.QClass != DnsClass.ANY) st.Rcode = DnsRcode.Refused;
        else if (q.QType == DnsType.OPT) st.Rcode = DnsRcode.FormErr;
        else if (q.QType is DnsType.AXFR or DnsType.IXFR) st.Rcode = DnsRcode.Refused;
        else if (q.QType is DnsType.MAILA or DnsType.MAILB) st.Rcode = DnsRcode.NotImp;
        else Responder.Answer(ref w, ref st, q, catalog.Current, ref who);

        if (transport == DnsTransport.Tcp && st.Truncated)
        {
            // TC is never set over TCP (RFC 7766); a response that cannot fit 64 KiB is a server failure.
            w.Position = q.QuestionEnd;
            st = new ResponseState { Rcode = DnsRcode.ServFail };
        }

        // Rate limiting: UDP only (TCP proves the source address), and never for a query with a valid server cookie.
        if (transport == DnsTransport.Udp && policy.Limiter is { } limiter
            && !(q.CookieLength > DnsCookies.ClientCookieLength && policy.Cookies.IsValid(query.Slice(q.CookieOffset, q.CookieLength), client)))
        {
            var about = st.Rcode == DnsRcode.NxDomain && st.Zone is { } zone ? zone.Apex : st.Rcode == DnsRcode.Refused ? default : q.Name;
            switch (limiter.Check(ResponseRateLimiter.KeyOf(client, about, q.QType, st.Rcode)))
            {
                case RateDecision.Drop:
                    return 0;
                case RateDecision.Slip:
                    w.Position = q.QuestionEnd;
                    if (q.CookieLength > 0)
                    {
                        // A client that sent a cookie is told to retry with the fresh server cookie (RFC 7873 §5.2.3).
                        st = new ResponseState { Rcode = BadCookie };
                        policy.Counters.BadCookie();
                    }
                    else st = new ResponseState { Rcode = st.Rcode, Authoritative = st.Authoritative, Truncated = true };
                    break;
            }
        }

        var additional = st.Additional;
        if (q.HasEdns)
        {
            w.Limit = max;
            if (WriteOpt(ref w, st.Rcode, query, q, client, who.Scope)) additional++;
        }

        var flags = DnsFlags.QR | (q.Flags & DnsFlags.RD) | (st.Rcode & DnsFlags.RcodeMask);
        if (st.Authoritative) flags |= DnsFlags.AA;
        if (st.Truncated) flags |= DnsFlags.TC;
        var header = response;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)flags);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)st.Answers);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], (ushort)st.Authority);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], (ushort)additional);
        counters?.Count(st.Zone, st.Record, st.Rcode, transport, startedAt);
        return w.Position;
    }

    /// <summary>Bytes the response OPT will take: the record, the ECS echo, our cookie and the NSID when asked for.</summary>
    private int OptLength(scoped in DnsQuery q) =>
        DnsLimits.OptRecordLength
        + (q.HasSubnet ? 4 + q.SubnetOptionLength : 0)
        + (q.CookieLength > 0 ? 4 + DnsCookies.OptionLength : 0)
        + (q.WantsNsid && policy.Nsid.Length > 0 ? 4 + policy.Nsid.Length : 0);

    /// <summary>
    /// The response OPT (RFC 6891): an ECS option in the query is echoed with the scope the answer depended on
    /// (RFC 7871 §7.2.1), a client cookie gets a fresh server cookie (RFC 7873 §5.2), NSID when asked (RFC 5001).
    /// </summary>
    private bool WriteOpt(ref DnsWriter w, int rcode, ReadOnlySpan<byte> query, scoped in DnsQuery q, ReadOnlySpan<byte> client, int scope)
    {
        var mark = w.Mark();
        if (TryWriteOpt(ref w, rcode, query, q, client, scope)) return true;
        w.Reset(mark);
        return false;
    }

    private bool TryWriteOpt(ref DnsWriter w, int rcode, ReadOnlySpan<byte> query, scoped in DnsQuery q, ReadOnlySpan<byte> client, int scope)
    {
        // Root owner, TYPE, CLASS = our payload size, TTL = extended RCODE, version 0, DO echoed, Z; then RDLENGTH.
        if (!w.TryWriteBytes([0]) || !w.TryWriteU16(DnsType.OPT) || !w.TryWriteU16(DnsLimits.EdnsUdpSize)
            || !w.TryWriteBytes([(byte)(rcode >> 4), 0, (byte)(q.DnssecOk ? 0x80 : 0), 0]) || !w.TryWriteU16(0)) return false;
        var rdLengthAt = w.Position - 2;
        var start = w.Position;
        if (q.HasSubnet)
        {
            var subnet = query.Slice(q.SubnetOptionOffset, q.SubnetOptionLength);
            if (!w.TryWriteU16(DnsQueryParser.ClientSubnetOption) || !w.TryWriteU16((ushort)subnet.Length)) return false;
            var scopeAt = w.Position + 3;
            if (!w.TryWriteBytes(subnet)) return false;
            w.Buffer[scopeAt] = (byte)scope;
        }
        if (q.CookieLength > 0)
        {
            if (!w.TryWriteU16(DnsQueryParser.CookieOption) || !w.TryWriteU16(DnsCookies.OptionLength)) return false;
            Span<byte> cookie = stackalloc byte[DnsCookies.OptionLength];
            policy.Cookies.Write(query.Slice(q.CookieOffset, DnsCookies.ClientCookieLength), client, cookie);
            if (!w.TryWriteBytes(cookie)) return false;
        }
        if (q.WantsNsid && policy.Nsid.Length > 0)
        {
            if (!w.TryWriteU16(DnsQueryParser.NsidOption) || !w.TryWriteU16((ushort)policy.Nsid.Length) || !w.TryWriteBytes(policy.Nsid)) return false;
        }
        w.PatchU16(rdLengthAt, (ushort)(w.Position - start));
        return true;
    }

    /// <summary>An error reply: the header (no question) and, when the query had one, an OPT (RFC 6891 §6.1.1).</summary>
    private int WriteError(ReadOnlySpan<byte> query, Span<byte> response, scoped in DnsQuery q, ushort flags, int rcode, ReadOnlySpan<byte> client)
    {
        if (response.Length < DnsLimits.HeaderLength) return 0;
        response[..DnsLimits.HeaderLength].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(response, q.Id);
        BinaryPrimitives.WriteUInt16BigEndian(response[2..], (ushort)(flags | (rcode & DnsFlags.RcodeMask)));
        if (!q.HasEdns) return DnsLimits.HeaderLength;
        Span<ushort> table = stackalloc ushort[1];
        var w = new DnsWriter(response, table, Math.Min(response.Length, DnsLimits.ClassicUdpSize)) { Position = DnsLimits.HeaderLength };
        if (!WriteOpt(ref w, rcode, query, q, client, 0)) return DnsLimits.HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(response[10..], 1);
        return w.Position;
    }

    /// <summary><c>id.server.</c> or <c>hostname.bind.</c>, type TXT or ANY (RFC 4892).</summary>
    private static bool IsServerIdQuery(scoped in DnsQuery q) =>
        q.QType is DnsType.TXT or DnsType.ANY
        && (q.Name.SequenceEqual("\u0002id\u0006server\0"u8) || q.Name.SequenceEqual("\u0008hostname\u0004bind\0"u8));

    /// <summary>One CH TXT record holding the NSID value, owner pointing at the question.</summary>
    private static void WriteServerId(ref DnsWriter w, ref ResponseState st, byte[] nsid)
    {
        var text = nsid.AsSpan(0, Math.Min(nsid.Length, 255));
        var mark = w.Mark();
        if (w.TryWritePointer(DnsLimits.HeaderLength) && w.TryWriteU16(DnsType.TXT) && w.TryWriteU16(ChaosClass) && w.TryWriteU32(0)
            && w.TryWriteU16((ushort)(text.Length + 1)) && w.TryWriteBytes([(byte)text.Length]) && w.TryWriteBytes(text))
        {
            st.Authoritative = true;
            st.Answers = 1;
            return;
        }
        w.Reset(mark);
        st.Truncated = true;
    }
}
