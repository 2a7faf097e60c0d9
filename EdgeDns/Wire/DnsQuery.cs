using System.Buffers.Binary;

namespace Vantage.EdgeDns.Wire;

/// <summary>What the parser decided about a message.</summary>
public enum QueryStatus
{
    /// <summary>A well-formed standard query.</summary>
    Ok,
    /// <summary>Send nothing: shorter than a header, or a response (QR=1).</summary>
    Drop,
    /// <summary>Answer FORMERR: the header, and the OPT when the query had one (RFC 6891 §6.1.1).</summary>
    FormErr,
    /// <summary>Unknown or unsupported opcode: NOTIMP (with the question and OPT echoed when they parse).</summary>
    NotImp,
    /// <summary>EDNS version above 0: BADVERS (RFC 6891 §6.1.3).</summary>
    BadVers,
}

/// <summary>
/// A parsed query. The lower-cased question name and its label offsets live in caller-provided buffers
/// (stack memory on the hot path), so parsing allocates nothing.
/// </summary>
public ref struct DnsQuery
{
    public ushort Id;
    public ushort Flags;
    public int Opcode;
    /// <summary>Question name, lower-cased, uncompressed wire form including the root octet.</summary>
    public ReadOnlySpan<byte> Name;
    /// <summary>Offset inside <see cref="Name"/> of each label, then of the root octet (<see cref="LabelCount"/> + 1 entries).</summary>
    public ReadOnlySpan<byte> LabelStarts;
    public int LabelCount;
    public ushort QType;
    public ushort QClass;
    /// <summary>End of the question section: header and question are echoed from the query up to here.</summary>
    public int QuestionEnd;
    public bool HasEdns;
    public byte EdnsVersion;
    public ushort UdpPayloadSize;
    public bool DnssecOk;
    /// <summary>Where the OPT RDATA (the options) starts in the query, for later use (e.g. client subnet).</summary>
    public int OptRdataOffset;
    public int OptRdataLength;
    /// <summary>True when the OPT carried a valid EDNS Client Subnet option (RFC 7871).</summary>
    public bool HasSubnet;
    /// <summary>ECS FAMILY: 1 (IPv4) or 2 (IPv6).</summary>
    public int SubnetFamily;
    public int SubnetSourcePrefix;
    /// <summary>The ECS ADDRESS, zero-padded to the family's length.</summary>
    public UInt128 SubnetAddress;
    /// <summary>Where the ECS option data (FAMILY onwards) starts in the query, and its length, for the echo.</summary>
    public int SubnetOptionOffset;
    public int SubnetOptionLength;
    /// <summary>Where the DNS COOKIE option data starts in the query (RFC 7873 §4), and its length (0: none).</summary>
    public int CookieOffset;
    public int CookieLength;
    /// <summary>The query asked for the server's NSID (RFC 5001 §2.1).</summary>
    public bool WantsNsid;

    public readonly bool RecursionDesired => (Flags & DnsFlags.RD) != 0;
}

/// <summary>Parses queries (RFC 1035 §4, RFC 6891) straight from the received bytes.</summary>
public static class DnsQueryParser
{
    /// <param name="message">The received datagram or TCP frame.</param>
    /// <param name="nameBuffer">At least 255 bytes; receives the lower-cased question name.</param>
    /// <param name="labelBuffer">At least 128 bytes; receives the label offsets.</param>
    public static QueryStatus Parse(ReadOnlySpan<byte> message, Span<byte> nameBuffer, Span<byte> labelBuffer, out DnsQuery query)
    {
        query = default;
        if (message.Length < DnsLimits.HeaderLength) return QueryStatus.Drop;
        query.Id = BinaryPrimitives.ReadUInt16BigEndian(message);
        query.Flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if ((query.Flags & DnsFlags.QR) != 0) return QueryStatus.Drop;
        query.Opcode = (query.Flags & DnsFlags.OpcodeMask) >> DnsFlags.OpcodeShift;

        var qdCount = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var otherRecords = BinaryPrimitives.ReadUInt16BigEndian(message[6..])
            + BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        var additional = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        // Whatever is wrong with the message, the records are still read so an OPT can be echoed in the error reply.
        var verdict = query.Opcode != 0 ? QueryStatus.NotImp : qdCount != 1 ? QueryStatus.FormErr : QueryStatus.Ok;
        if (qdCount > 1) return verdict;
        var pos = DnsLimits.HeaderLength;
        if (qdCount == 1)
        {
            if (!ReadQuestion(message, nameBuffer, labelBuffer, ref pos, ref query)) return query.Opcode != 0 ? QueryStatus.NotImp : QueryStatus.FormErr;
        }

        var total = otherRecords + additional;
        for (var i = 0; i < total; i++)
        {
            var ownerStart = pos;
            if (!SkipName(message, ref pos)) return Worst(verdict);
            if (pos + 10 > message.Length) return Worst(verdict);
            var type = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 8)..]);
            if (pos + 10 + rdLength > message.Length) return Worst(verdict);
            if (type == DnsType.OPT)
            {
                // RFC 6891 §6.1.1: one OPT, owner is the root, only in the additional section.
                if (i < otherRecords || query.HasEdns || pos - ownerStart != 1) return Worst(verdict);
                query.HasEdns = true;
                query.UdpPayloadSize = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 2)..]);
                query.EdnsVersion = message[pos + 5];
                query.DnssecOk = (message[pos + 6] & 0x80) != 0;
                query.OptRdataOffset = pos + 10;
                query.OptRdataLength = rdLength;
                if (!ReadOptions(message, pos + 10, rdLength, ref query)) return Worst(verdict);
            }
            pos += 10 + rdLength;
        }

        if (verdict != QueryStatus.Ok) return verdict;
        return query.HasEdns && query.EdnsVersion != 0 ? QueryStatus.BadVers : QueryStatus.Ok;
    }

    /// <summary>NOTIMP stays NOTIMP (the opcode is the first thing wrong); anything else malformed is FORMERR.</summary>
    private static QueryStatus Worst(QueryStatus verdict) => verdict == QueryStatus.NotImp ? QueryStatus.NotImp : QueryStatus.FormErr;

    /// <summary>Reads the one question: lower-cased name into the buffers, type and class.</summary>
    private static bool ReadQuestion(ReadOnlySpan<byte> message, Span<byte> nameBuffer, Span<byte> labelBuffer, ref int pos, ref DnsQuery query)
    {
        var nameLength = 0;
        var labels = 0;
        while (true)
        {
            if (pos >= message.Length) return false;
            int len = message[pos];
            if (len == 0)
            {
                labelBuffer[labels] = (byte)nameLength;
                nameBuffer[nameLength++] = 0;
                pos++;
                break;
            }
            // Pointers cannot appear in a question (they could only point into the header); 0x40/0x80 label types are obsolete.
            if ((len & 0xC0) != 0) return false;
            if (nameLength + len + 2 > DnsLimits.MaxNameLength || pos + 1 + len > message.Length) return false;
            labelBuffer[labels++] = (byte)nameLength;
            nameBuffer[nameLength++] = (byte)len;
            var src = message.Slice(pos + 1, len);
            var dst = nameBuffer.Slice(nameLength, len);
            for (var i = 0; i < len; i++) dst[i] = DnsNameCodec.ToLower(src[i]);
            nameLength += len;
            pos += len + 1;
        }

        if (pos + 4 > message.Length) return false;
        query.Name = nameBuffer[..nameLength];
        query.LabelStarts = labelBuffer[..(labels + 1)];
        query.LabelCount = labels;
        query.QType = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]);
        query.QClass = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 2)..]);
        pos += 4;
        query.QuestionEnd = pos;
        return true;
    }

    /// <summary>Skips a possibly compressed name; pointers must point backwards.</summary>
    private static bool SkipName(ReadOnlySpan<byte> message, ref int pos)
    {
        var start = pos;
        var length = 0;
        while (true)
        {
            if (pos >= message.Length) return false;
            int len = message[pos];
            if (len == 0)
            {
                pos++;
                return true;
            }
            if ((len & 0xC0) == 0xC0)
            {
                if (pos + 2 > message.Length) return false;
                var target = ((len & 0x3F) << 8) | message[pos + 1];
                if (target >= start) return false;
                pos += 2;
                return true;
            }
            if ((len & 0xC0) != 0) return false;
            length += len + 1;
            if (length + 1 > DnsLimits.MaxNameLength) return false;
            pos += len + 1;
        }
    }

    /// <summary>EDNS option code of Client Subnet (RFC 7871 §6).</summary>
    public const ushort ClientSubnetOption = 8;

    /// <summary>EDNS option code of NSID (RFC 5001) and of COOKIE (RFC 7873).</summary>
    public const ushort NsidOption = 3;
    public const ushort CookieOption = 10;

    /// <summary>Walks the options; reads ECS, COOKIE and NSID. False (FORMERR) for a malformed option list or ECS option.</summary>
    private static bool ReadOptions(ReadOnlySpan<byte> message, int start, int length, ref DnsQuery query)
    {
        var options = message.Slice(start, length);
        var pos = 0;
        while (pos < options.Length)
        {
            if (pos + 4 > options.Length) return false;
            var code = BinaryPrimitives.ReadUInt16BigEndian(options[pos..]);
            var len = BinaryPrimitives.ReadUInt16BigEndian(options[(pos + 2)..]);
            if (pos + 4 + len > options.Length) return false;
            if (code == ClientSubnetOption)
            {
                // RFC 7871 §7.1.1: a second ECS option, or a malformed one, is FORMERR.
                if (query.HasSubnet || !ReadSubnet(options.Slice(pos + 4, len), ref query)) return false;
                query.SubnetOptionOffset = start + pos + 4;
                query.SubnetOptionLength = len;
            }
            else if (code == CookieOption)
            {
                // RFC 7873 §5.2.2: a client cookie alone (8), or with a server cookie of 8 to 32 octets; anything else is FORMERR.
                if (query.CookieLength != 0 || !(len == 8 || (len >= 16 && len <= 40))) return false;
                query.CookieOffset = start + pos + 4;
                query.CookieLength = len;
            }
            else if (code == NsidOption)
            {
                query.WantsNsid = true;
            }
            pos += 4 + len;
        }
        return pos == options.Length;
    }

    /// <summary>
    /// FAMILY (1 or 2), SOURCE PREFIX-LENGTH within the family, SCOPE, then exactly ceil(source / 8) address
    /// octets with the bits after the prefix zero (RFC 7871 §6).
    /// </summary>
    private static bool ReadSubnet(ReadOnlySpan<byte> data, ref DnsQuery query)
    {
        if (data.Length < 4) return false;
        var family = BinaryPrimitives.ReadUInt16BigEndian(data);
        var bytes = family switch { 1 => 4, 2 => 16, _ => 0 };
        if (bytes == 0) return false;
        int source = data[2];
        if (source > bytes * 8) return false;
        var address = data[4..];
        if (address.Length != (source + 7) / 8) return false;
        if (source % 8 != 0 && (address[^1] & (0xFF >> (source % 8))) != 0) return false;
        Span<byte> padded = stackalloc byte[16];
        padded.Clear();
        address.CopyTo(padded);
        query.HasSubnet = true;
        query.SubnetFamily = family;
        query.SubnetSourcePrefix = source;
        query.SubnetAddress = bytes == 4 ? BinaryPrimitives.ReadUInt32BigEndian(padded) : BinaryPrimitives.ReadUInt128BigEndian(padded);
        return true;
    }
}
