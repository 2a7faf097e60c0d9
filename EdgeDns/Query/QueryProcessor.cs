using System.Buffers.Binary;
using Vantage.EdgeDns.Wire;
using Vantage.EdgeDns.Zones;

namespace Vantage.EdgeDns.Query;

public enum DnsTransport
{
    Udp,
    Tcp,
}

/// <summary>
/// The whole query path: parse → answer from the current zone set → encode, in one pass into the response buffer.
/// Allocation-free; the zone set is read once per query, so a concurrent zone swap never mixes versions.
/// </summary>
public sealed class QueryProcessor(ZoneCatalog catalog)
{
    /// <summary>Size of the compression target table; later names are written uncompressed (still correct).</summary>
    private const int CompressionTargets = 64;

    /// <summary>
    /// Answers <paramref name="query"/> into <paramref name="response"/>. Returns the response length, or 0 when
    /// nothing must be sent back (too short to answer, or a response rather than a query).
    /// </summary>
    public int Process(ReadOnlySpan<byte> query, Span<byte> response, DnsTransport transport)
    {
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
        var reserve = q.HasEdns ? DnsLimits.OptRecordLength : 0;
        if (q.QuestionEnd + reserve > max) return WriteBareHeader(response, q.Id, (ushort)(DnsFlags.QR | DnsRcode.ServFail));

        query[..q.QuestionEnd].CopyTo(response);
        Span<ushort> table = stackalloc ushort[CompressionTargets];
        var w = new DnsWriter(response, table, max - reserve) { Position = q.QuestionEnd };
        w.AddNameTargets(DnsLimits.HeaderLength);

        var st = new ResponseState();
        if (status == QueryStatus.BadVers) st.Rcode = DnsRcode.BadVers;
        else if (q.QClass != DnsClass.IN && q.QClass != DnsClass.ANY) st.Rcode = DnsRcode.Refused;
        else if (q.QType == DnsType.OPT) st.Rcode = DnsRcode.FormErr;
        else if (q.QType is DnsType.AXFR or DnsType.IXFR) st.Rcode = DnsRcode.Refused;
        else if (q.QType is DnsType.MAILA or DnsType.MAILB) st.Rcode = DnsRcode.NotImp;
        else Responder.Answer(ref w, ref st, q, catalog.Current);

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
            WriteOpt(ref w, st.Rcode, q.DnssecOk);
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
        return w.Position;
    }

    private static void WriteOpt(ref DnsWriter w, int rcode, bool dnssecOk)
    {
        Span<byte> opt = stackalloc byte[DnsLimits.OptRecordLength];
        opt[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(opt[1..], DnsType.OPT);
        BinaryPrimitives.WriteUInt16BigEndian(opt[3..], DnsLimits.EdnsUdpSize);
        opt[5] = (byte)(rcode >> 4);
        opt[6] = 0;
        opt[7] = (byte)(dnssecOk ? 0x80 : 0);
        opt[8] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(opt[9..], 0);
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
