using System.Buffers.Binary;
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
/// </summary>
public sealed class QueryProcessor(ZoneCatalog catalog, IGeoLookup? geo = null, ISteeringRandom? random = null,
    QueryCounters? counters = null)
{
    private readonly IGeoLookup geo = geo ?? NoGeoData.Instance;
    private readonly ISteeringRandom random = random ?? SharedRandom.Instance;

    /// <summary>Size of the compression target table; later names are written uncompressed (still correct).</summary>
    private const int CompressionTargets = 64;

    /// <summary>
    /// Answers <paramref name="query"/> into <paramref name="response"/>. Returns the response length, or 0 when
    /// nothing must be sent back (too short to answer, or a response rather than a query).
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
                return WriteBareHeader(response, q.Id, (ushort)(DnsFlags.QR | (q.Flags & DnsFlags.OpcodeMask) | DnsRcode.NotImp));
            case QueryStatus.FormErr:
                return WriteBareHeader(response, q.Id, (ushort)(DnsFlags.QR | (q.Flags & DnsFlags.RD) | DnsRcode.FormErr));
        }

        var max = transport == DnsTransport.Tcp
            ? DnsLimits.MaxTcpMessage
            : q.HasEdns ? Math.Clamp((int)q.UdpPayloadSize, DnsLimits.ClassicUdpSize, DnsLimits.EdnsUdpSize) : DnsLimits.ClassicUdpSize;
        max = Math.Min(max, response.Length);
        var reserve = q.HasEdns ? DnsLimits.OptRecordLength + (q.HasSubnet ? 4 + q.SubnetOptionLength : 0) : 0;
        if (q.QuestionEnd + reserve > max) return WriteBareHeader(response, q.Id, (ushort)(DnsFlags.QR | DnsRcode.ServFail));

        query[..q.QuestionEnd].CopyTo(response);
        Span<ushort> table = stackalloc ushort[CompressionTargets];
        var w = new DnsWriter(response, table, max - reserve) { Position = q.QuestionEnd };
        w.AddNameTargets(DnsLimits.HeaderLength);

        var st = new ResponseState();
        var who = new QueryClient
        {
            Resolver = SteeringClient.From(client, client.Length * 8, fromSubnet: false),
            HasSubnet = q.HasSubnet,
            Geo = geo,
            Random = random,
        };
        if (q.HasSubnet) who.Subnet = SteeringClient.FromNumber(q.SubnetFamily == 2, q.SubnetAddress, q.SubnetSourcePrefix, fromSubnet: true);
        if (status == QueryStatus.BadVers) st.Rcode = DnsRcode.BadVers;
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

        var additional = st.Additional;
        if (q.HasEdns)
        {
            w.Limit = max;
            WriteOpt(ref w, st.Rcode, q.DnssecOk, q.HasSubnet ? query.Slice(q.SubnetOptionOffset, q.SubnetOptionLength) : default, who.Scope);
            additional++;
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

    /// <summary>The response OPT; an ECS option in the query is echoed with the scope the answer depended on (RFC 7871 §7.2.1).</summary>
    private static void WriteOpt(ref DnsWriter w, int rcode, bool dnssecOk, ReadOnlySpan<byte> subnet, int scope)
    {
        var optionLength = subnet.IsEmpty ? 0 : 4 + subnet.Length;
        Span<byte> opt = stackalloc byte[DnsLimits.OptRecordLength + 4 + 20];
        opt = opt[..(DnsLimits.OptRecordLength + optionLength)];
        opt[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(opt[1..], DnsType.OPT);
        BinaryPrimitives.WriteUInt16BigEndian(opt[3..], DnsLimits.EdnsUdpSize);
        opt[5] = (byte)(rcode >> 4);
        opt[6] = 0;
        opt[7] = (byte)(dnssecOk ? 0x80 : 0);
        opt[8] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(opt[9..], (ushort)optionLength);
        if (optionLength > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(opt[11..], DnsQueryParser.ClientSubnetOption);
            BinaryPrimitives.WriteUInt16BigEndian(opt[13..], (ushort)subnet.Length);
            subnet.CopyTo(opt[15..]);
            opt[15 + 3] = (byte)scope;
        }
        w.TryWriteBytes(opt);
    }

    private static int WriteBareHeader(Span<byte> response, ushort id, ushort flags)
    {
        if (response.Length < DnsLimits.HeaderLength) return 0;
        response[..DnsLimits.HeaderLength].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(response, id);
        BinaryPrimitives.WriteUInt16BigEndian(response[2..], flags);
        return DnsLimits.HeaderLength;
    }
}
