using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>Header rules, malformed queries and EDNS0 (RFC 1035 §4.1.1, RFC 6891) over UDP and TCP.</summary>
public sealed class HeaderAndEdnsTests(ExampleZoneFixture fixture) : IClassFixture<ExampleZoneFixture>
{
    private EdgeServer Edge => fixture.Edge;

    public static TheoryData<ushort, bool> FlagCases => new()
    {
        // flags sent (besides opcode 0) → whether RD must come back
        { 0x0000, false },
        { 0x0100, true },
        { 0x0100 | 0x0400 | 0x0200 | 0x0080 | 0x0040 | 0x0020 | 0x0010, true }, // RD + AA, TC, RA, Z, AD, CD
        { 0x0400 | 0x0200 | 0x0080 | 0x0040 | 0x0020 | 0x0010 | 0x000F, false }, // everything but RD, and an RCODE
    };

    [Theory]
    [MemberData(nameof(FlagCases))]
    public void Only_RD_is_copied_and_every_other_flag_cleared(ushort flags, bool rd)
    {
        var r = Edge.UdpQuery(TestQuery.Build("host1.example.test", 1, id: 0xBEEF, flags: flags));
        var expected = 0x8000 | 0x0400 | (rd ? 0x0100 : 0);
        Assert.Equal(0xBEEF, r.Id);
        Assert.Equal(expected, r.Flags);
        Assert.Equal(2, r.Answers.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(15)]
    public void Unknown_opcode_gets_NOTIMP_with_only_QR(int opcode)
    {
        var q = TestQuery.Build("host1.example.test", 1, id: 7, flags: (ushort)((opcode << 11) | 0x0100 | 0x0010));
        foreach (var r in new[] { Edge.UdpQuery(q), Edge.TcpQuery(q) })
        {
            Assert.Equal(7, r.Id);
            Assert.Equal(0x8000 | (opcode << 11) | 4, r.Flags);
            Assert.Equal(0, r.QdCount);
            Assert.Empty(r.Answers);
            Assert.False(r.HasOpt);
        }
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "QDCOUNT 0", Patch(Q(), 4, 0, 0) },
        { "QDCOUNT 2", Patch(Q(), 4, 0, 2) },
        { "truncated question name", Q()[..20] },
        { "missing QTYPE/QCLASS", Q()[..^4] },
        { "label longer than 63", Raw([(byte)64, .. new byte[64], 0, 0, 1, 0, 1]) },
        { "pointer in question", Raw([0xC0, 0x0C, 0, 1, 0, 1]) },
        { "extended label type", Raw([0x41, 0, 0, 1, 0, 1]) },
        { "name longer than 255", Raw([.. Enumerable.Range(0, 5).SelectMany(_ => (byte[])[63, .. new byte[63]]), 0, 0, 1, 0, 1]) },
        { "two OPT records", WithAdditional(Q(), 2, [.. TestQuery.Opt(new EdnsSpec()), .. TestQuery.Opt(new EdnsSpec())]) },
        { "OPT owner not root", WithAdditional(Q(), 1, [1, (byte)'a', .. TestQuery.Opt(new EdnsSpec())]) },
        { "OPT in answer section", Patch(WithAdditional(Q(), 0, TestQuery.Opt(new EdnsSpec())), 6, 0, 1) },
        { "OPT option overruns RDATA", WithAdditional(Q(), 1, [0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 3, 0, 10, 0]) },
        { "record count beyond the message", Patch(Q(), 10, 0, 3) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_query_gets_FORMERR(string why, byte[] query)
    {
        foreach (var r in new[] { Edge.UdpQuery(query), Edge.TcpQuery(query) })
        {
            Assert.True(r.QR, why);
            Assert.Equal(1, r.Rcode);
            Assert.Equal(0x1234, r.Id);
            Assert.Equal(0x8000 | 0x0100 | 1, r.Flags);
            Assert.Empty(r.Answers);
        }
    }

    [Fact]
    public void A_response_packet_gets_no_reply()
    {
        using var s = Edge.Connected(System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        s.Send(TestQuery.Build("host1.example.test", 1, id: 1, flags: 0x8000 | 0x0100));
        s.Send(TestQuery.Build("host1.example.test", 1, id: 2));
        var r = TestResponse.Parse(EdgeServer.Receive(s));
        Assert.Equal(2, r.Id);
    }

    [Fact]
    public void Short_garbage_gets_no_reply()
    {
        using var s = Edge.Connected(System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        s.Send(new byte[] { 1, 2, 3 });
        s.Send(TestQuery.Build("host1.example.test", 1, id: 3));
        Assert.Equal(3, TestResponse.Parse(EdgeServer.Receive(s)).Id);
    }

    [Fact]
    public void Question_name_case_is_echoed_and_answers_point_at_it()
    {
        var r = Edge.UdpQuery(TestQuery.Build("HoSt1.ExAmPlE.tEsT", 1));
        Assert.Equal("HoSt1.ExAmPlE.tEsT.", r.QuestionName);
        Assert.Equal(["HoSt1.ExAmPlE.tEsT.", "HoSt1.ExAmPlE.tEsT."], r.Answers.Select(a => a.Name));
        Assert.Equal(0, r.Rcode);
    }

    [Theory]
    [InlineData(3, 5)] // CHAOS
    [InlineData(4, 5)] // HESIOD
    [InlineData(255, 0)] // ANY class answers like IN
    public void Query_class_is_honoured(ushort qclass, int rcode)
    {
        var r = Edge.UdpQuery(TestQuery.Build("host1.example.test", 1, qclass: qclass));
        Assert.Equal(rcode, r.Rcode);
        Assert.Equal(rcode == 0 ? 2 : 0, r.Answers.Count);
    }

    [Theory]
    [InlineData(252, 5)] // AXFR
    [InlineData(251, 5)] // IXFR
    [InlineData(253, 4)] // MAILB
    [InlineData(41, 1)] // OPT as a question
    public void Meta_query_types(ushort qtype, int rcode)
    {
        var r = Edge.UdpQuery(TestQuery.Build("example.test", qtype));
        Assert.Equal(rcode, r.Rcode);
        Assert.Empty(r.Answers);
    }

    [Fact]
    public void Edns_reply_carries_an_empty_OPT_advertising_1232()
    {
        var r = Edge.UdpQuery(TestQuery.Build("host1.example.test", 1, edns: new EdnsSpec(PayloadSize: 4096)));
        Assert.True(r.HasOpt);
        Assert.Equal(1232, r.OptPayload);
        Assert.Equal(0, r.OptVersion);
        Assert.Equal(0, r.OptExtendedRcode);
        Assert.Equal(0, r.OptFlags);
        Assert.Equal(0, r.OptRdataLength);
    }

    [Fact]
    public void Unknown_options_and_flags_are_ignored_and_not_echoed_but_DO_is_and_the_cookie_gets_a_server_cookie()
    {
        byte[] options = [0xFD, 0xE9, 0, 3, 1, 2, 3, 0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]; // local option + a cookie
        var r = Edge.UdpQuery(TestQuery.Build("host1.example.test", 1, edns: new EdnsSpec(DnssecOk: true, ExtraFlags: 0x4001, Options: options)));
        Assert.Equal(0, r.Rcode);
        Assert.Equal(2, r.Answers.Count);
        Assert.Equal(0x8000, r.OptFlags);
        Assert.Equal(4 + 24, r.OptRdataLength);
        Assert.Equal((byte[])[0, 10, 0, 24, 1, 2, 3, 4, 5, 6, 7, 8, 1, 0, 0, 0], r.OptOptions[..16]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    public void Higher_edns_version_gets_BADVERS(byte version)
    {
        var r = Edge.UdpQuery(TestQuery.Build("host1.example.test", 1, edns: new EdnsSpec(Version: version)));
        Assert.Equal(0, r.Rcode);
        Assert.Equal(1, r.OptExtendedRcode);
        Assert.Equal(16, r.ExtendedRcode);
        Assert.Equal(0, r.OptVersion);
        Assert.Empty(r.Answers);
        Assert.False(r.AA);
        Assert.Equal("host1.example.test.", r.QuestionName);
    }

    [Theory]
    // name, EDNS payload (0 = no EDNS), expected TC, expected answers
    [InlineData("mid.example.test", 0, true, 0)]
    [InlineData("mid.example.test", 100, true, 0)] // below 512 counts as 512
    [InlineData("mid.example.test", 511, true, 0)]
    [InlineData("mid.example.test", 1232, false, 40)]
    [InlineData("mid.example.test", 4096, false, 40)]
    [InlineData("big.example.test", 4096, true, 0)] // capped at 1232
    [InlineData("host1.example.test", 0, false, 2)]
    public void Udp_truncation_follows_the_payload_size(string name, int payload, bool tc, int answers)
    {
        var edns = payload == 0 ? null : new EdnsSpec(PayloadSize: (ushort)payload);
        var bytes = Edge.Udp(TestQuery.Build(name, 1, edns: edns));
        var r = TestResponse.Parse(bytes);
        Assert.Equal(tc, r.TC);
        Assert.Equal(answers, r.Answers.Count);
        Assert.True(bytes.Length <= (payload == 0 ? 512 : Math.Clamp(payload, 512, 1232)));
        Assert.Equal(payload != 0, r.HasOpt);
    }

    [Theory]
    [InlineData("big.example.test", 100)]
    [InlineData("mid.example.test", 40)]
    public void Tcp_never_truncates(string name, int answers)
    {
        var r = Edge.TcpQuery(TestQuery.Build(name, 1));
        Assert.False(r.TC);
        Assert.Equal(answers, r.Answers.Count);
    }

    private static byte[] Q() => TestQuery.Build("host1.example.test", 1);

    private static byte[] Raw(byte[] question) => [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, .. question];

    private static byte[] Patch(byte[] m, int at, byte hi, byte lo)
    {
        var copy = (byte[])m.Clone();
        copy[at] = hi;
        copy[at + 1] = lo;
        return copy;
    }

    private static byte[] WithAdditional(byte[] m, byte arCount, byte[] records) => Patch([.. m, .. records], 10, 0, arCount);
}
