namespace Vantage.EdgeDns.Wire;

/// <summary>Resource record type codes the edge reads or writes (IANA "Resource Record (RR) TYPEs").</summary>
public static class DnsType
{
    public const ushort A = 1;
    public const ushort NS = 2;
    public const ushort CNAME = 5;
    public const ushort SOA = 6;
    public const ushort PTR = 12;
    public const ushort MX = 15;
    public const ushort TXT = 16;
    public const ushort AAAA = 28;
    public const ushort SRV = 33;
    public const ushort NAPTR = 35;
    public const ushort OPT = 41;
    public const ushort DS = 43;
    public const ushort SPF = 99;
    public const ushort IXFR = 251;
    public const ushort AXFR = 252;
    public const ushort MAILB = 253;
    public const ushort MAILA = 254;
    public const ushort ANY = 255;
    public const ushort CAA = 257;

    /// <summary>RFC 3597 §4: only the RFC 1035 types whose RDATA holds names may have those names compressed.</summary>
    public static bool CompressesRdataNames(ushort type) =>
        type is NS or CNAME or SOA or PTR or MX;
}

public static class DnsClass
{
    public const ushort IN = 1;
    public const ushort ANY = 255;
}

public static class DnsRcode
{
    public const int NoError = 0;
    public const int FormErr = 1;
    public const int ServFail = 2;
    public const int NxDomain = 3;
    public const int NotImp = 4;
    public const int Refused = 5;
    /// <summary>Extended RCODE 16 (RFC 6891): upper eight bits 1 in the OPT TTL, header RCODE 0.</summary>
    public const int BadVers = 16;
}

/// <summary>Bits of the second 16-bit header word.</summary>
public static class DnsFlags
{
    public const ushort QR = 0x8000;
    public const ushort AA = 0x0400;
    public const ushort TC = 0x0200;
    public const ushort RD = 0x0100;
    public const ushort RA = 0x0080;
    public const ushort OpcodeMask = 0x7800;
    public const int OpcodeShift = 11;
    public const ushort RcodeMask = 0x000F;
}

public static class DnsLimits
{
    public const int HeaderLength = 12;
    public const int MaxNameLength = 255;
    public const int MaxLabelLength = 63;
    /// <summary>At most 127 labels fit in 255 octets, plus the root.</summary>
    public const int MaxLabels = 128;
    /// <summary>Classic UDP payload limit (RFC 1035) and the floor for advertised EDNS sizes.</summary>
    public const int ClassicUdpSize = 512;
    /// <summary>The EDNS payload size we advertise and the cap for UDP responses (DNS flag day 2020).</summary>
    public const int EdnsUdpSize = 1232;
    public const int MaxTcpMessage = 65535;
    /// <summary>Pointer targets must fit in 14 bits.</summary>
    public const int MaxPointerOffset = 0x3FFF;
    /// <summary>Size of an OPT record with empty RDATA: root name, type, class, TTL, RDLENGTH.</summary>
    public const int OptRecordLength = 11;
}
