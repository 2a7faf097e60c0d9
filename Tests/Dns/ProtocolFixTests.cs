using Vantage.Events;
using Vantage.Model;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>
/// Protocol fixes of the edge: OPT on every error reply to a query with one (RFC 6891 §6.1.1), wildcard CNAME
/// loops answered once, glue per RFC 9471, NSID (RFC 5001) and the id.server / hostname.bind CH TXT answers.
/// </summary>
public sealed class ProtocolFixTests : IAsyncLifetime
{
    private const string Zone = "proto.test";
    private EdgeServer edge = null!;

    private static DnsRecord R(string domain, string type, params string[][] answers) => TestZones.R(domain, type, 300, answers) with { Zone = Zone };

    public static ZoneSnapshot Snapshot() => TestZones.Bare(Zone) with
    {
        Records =
        [
            R("*.loop.proto.test", "CNAME", ["foo.loop.proto.test"]),
            R("a.proto.test", "CNAME", ["b.proto.test"]),
            R("b.proto.test", "CNAME", ["a.proto.test"]),
            // Sibling glue listed first and too big for 512 bytes; the in-domain glue fits.
            R("fat.proto.test", "NS", ["sibling.proto.test"], ["ns.fat.proto.test"]),
            R("sibling.proto.test", "A", [.. Enumerable.Range(1, 40).Select(i => TestZones.A($"198.51.100.{i}"))]),
            R("ns.fat.proto.test", "A", ["192.0.2.50"]),
            // In-domain glue that cannot fit: TC.
            R("huge.proto.test", "NS", ["ns.huge.proto.test"]),
            R("ns.huge.proto.test", "A", [.. Enumerable.Range(1, 40).Select(i => TestZones.A($"203.0.113.{i}"))]),
        ],
    };

    public async Task InitializeAsync()
    {
        edge = await EdgeServer.StartAsync(o => o.Nsid = "edge-7.ams");
        edge.Store.ApplySnapshot(Snapshot());
    }

    public async Task DisposeAsync() => await edge.DisposeAsync();

    public static TheoryData<string, byte[], int> ErrorQueries => new()
    {
        { "NOTIFY opcode", TestQuery.Build("a.proto.test", 1, flags: 4 << 11, edns: new EdnsSpec()), 4 },
        { "UPDATE opcode", TestQuery.Build("a.proto.test", 6, flags: 5 << 11, edns: new EdnsSpec()), 4 },
        { "QDCOUNT 0", [0x12, 0x34, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 1, .. TestQuery.Opt(new EdnsSpec())], 1 },
        { "malformed cookie length", TestQuery.Build("a.proto.test", 1, edns: new EdnsSpec(Options: [0, 10, 0, 5, 1, 2, 3, 4, 5])), 1 },
        { "option overrunning the OPT", TestQuery.Build("a.proto.test", 1, edns: new EdnsSpec(Options: [0, 3, 0, 9, 1])), 1 },
        { "CHAOS class (REFUSED)", TestQuery.Build("version.bind", 16, qclass: 3, edns: new EdnsSpec()), 5 },
    };

    [Theory]
    [MemberData(nameof(ErrorQueries))]
    public void Error_replies_echo_an_OPT_when_the_query_had_one(string why, byte[] query, int rcode)
    {
        foreach (var r in new[] { edge.UdpQuery(query), edge.TcpQuery(query) })
        {
            Assert.Equal(rcode, r.Rcode);
            Assert.True(r.HasOpt, why);
            Assert.Equal(1, r.OptCount);
            Assert.Equal(0, r.OptVersion);
            Assert.Equal(1232, r.OptPayload);
        }
    }

    [Fact]
    public void Error_reply_without_OPT_in_the_query_has_none()
    {
        var r = edge.UdpQuery(TestQuery.Build("a.proto.test", 1, flags: 4 << 11));
        Assert.Equal(4, r.Rcode);
        Assert.False(r.HasOpt);
    }

    public static TheoryData<string, string[]> Loops => new()
    {
        { "x.loop.proto.test", ["x.loop.proto.test. 300 CNAME foo.loop.proto.test.", "foo.loop.proto.test. 300 CNAME foo.loop.proto.test."] },
        { "foo.loop.proto.test", ["foo.loop.proto.test. 300 CNAME foo.loop.proto.test."] },
        { "a.proto.test", ["a.proto.test. 300 CNAME b.proto.test.", "b.proto.test. 300 CNAME a.proto.test."] },
    };

    [Theory]
    [MemberData(nameof(Loops))]
    public void A_CNAME_loop_answers_each_owner_once(string name, string[] expected)
    {
        var r = edge.UdpQuery(TestQuery.Build(name, 1));
        Assert.Equal(0, r.Rcode);
        Assert.Equal(expected, r.Answers.Select(a => a.ToString()));
    }

    [Fact]
    public void In_domain_glue_comes_first_and_sibling_glue_that_does_not_fit_is_dropped_without_TC()
    {
        var r = edge.UdpQuery(TestQuery.Build("www.fat.proto.test", 1));
        Assert.False(r.TC);
        Assert.Equal(["fat.proto.test. 300 NS sibling.proto.test.", "fat.proto.test. 300 NS ns.fat.proto.test."], r.Authority.Select(a => a.ToString()));
        Assert.Equal(["ns.fat.proto.test. 300 A 192.0.2.50"], r.Additional.Select(a => a.ToString()));
    }

    [Fact]
    public void Sibling_glue_that_fits_follows_the_in_domain_glue()
    {
        var r = edge.UdpQuery(TestQuery.Build("www.fat.proto.test", 1, edns: new EdnsSpec(PayloadSize: 1232)));
        Assert.False(r.TC);
        var glue = r.Additional.Select(a => a.Name).Distinct().ToArray();
        Assert.Equal(["ns.fat.proto.test.", "sibling.proto.test."], glue);
        Assert.Equal(41, r.Additional.Count);
    }

    [Fact]
    public void Missing_in_domain_glue_sets_TC()
    {
        var r = edge.UdpQuery(TestQuery.Build("www.huge.proto.test", 1));
        Assert.True(r.TC);
        Assert.Single(r.Authority);
        Assert.Empty(r.Additional);
        var tcp = edge.TcpQuery(TestQuery.Build("www.huge.proto.test", 1));
        Assert.False(tcp.TC);
        Assert.Equal(40, tcp.Additional.Count);
    }

    [Fact]
    public void NSID_is_sent_when_asked_for_and_only_then()
    {
        var asked = edge.UdpQuery(TestQuery.Build("a.proto.test", 1, edns: new EdnsSpec(Options: [0, 3, 0, 0])));
        Assert.Equal("edge-7.ams"u8.ToArray(), asked.Option(3));
        var notAsked = edge.UdpQuery(TestQuery.Build("a.proto.test", 1, edns: new EdnsSpec()));
        Assert.Null(notAsked.Option(3));
    }

    [Theory]
    [InlineData("id.server")]
    [InlineData("hostname.bind")]
    [InlineData("ID.SERVER")]
    public void Server_identity_CH_TXT_is_answered_with_the_NSID(string name)
    {
        var r = edge.UdpQuery(TestQuery.Build(name, 16, qclass: 3));
        Assert.Equal(0, r.Rcode);
        Assert.True(r.AA);
        Assert.Equal([$"{name}. 0 TXT \"edge-7.ams\""], r.Answers.Select(a => a.ToString()));
    }

    [Fact]
    public async Task Without_an_NSID_setting_id_server_is_refused_and_NSID_not_sent()
    {
        await using var plain = await EdgeServer.StartAsync();
        plain.Store.ApplySnapshot(Snapshot());
        Assert.Equal(5, plain.UdpQuery(TestQuery.Build("id.server", 16, qclass: 3)).Rcode);
        Assert.Null(plain.UdpQuery(TestQuery.Build("a.proto.test", 1, edns: new EdnsSpec(Options: [0, 3, 0, 0]))).Option(3));
    }

    [Theory]
    [InlineData("A", "\\# 4 c0000201", true)]
    [InlineData("A", "\\# 3 c00002", false)]
    [InlineData("AAAA", "\\# 4 c0000201", false)]
    [InlineData("CNAME", "\\# 8 0674617267657400", true)]
    [InlineData("CNAME", "\\# 3 016105", false)]
    [InlineData("CNAME", "\\# 4 c00c0000", false)]
    [InlineData("NS", "\\# 2 0161", false)]
    [InlineData("MX", "\\# 5 000a016100", true)]
    [InlineData("MX", "\\# 2 000a", false)]
    [InlineData("SRV", "\\# 7 00010002000300", true)]
    [InlineData("SRV", "\\# 6 000100020003", false)]
    [InlineData("TXT", "\\# 3 026869", true)]
    [InlineData("TXT", "\\# 3 056869", false)]
    [InlineData("CAA", "\\# 2 0000", false)]
    [InlineData("SOA", "\\# 22 0000 0000000100000002000000030000000400000005", true)]
    [InlineData("SOA", "\\# 21 0000 00000001000000020000000300000004000000", false)]
    [InlineData("TYPE65000", "\\# 2 0102", true)]
    public void Generic_RDATA_is_checked_against_the_format_of_its_type(string type, string rdata, bool valid)
    {
        var code = Vantage.EdgeDns.Wire.RdataEncoder.TypeCode(type)!.Value;
        var fields = rdata.Split(' ');
        var encoded = Vantage.EdgeDns.Wire.RdataEncoder.Encode(code, fields, out var error);
        Assert.Equal(valid, encoded is not null);
        Assert.Equal(valid, error is null);
    }

    [Fact]
    public async Task A_zone_with_malformed_generic_RDATA_compiles_and_answers_without_throwing()
    {
        await using var bad = await EdgeServer.StartAsync();
        bad.Store.ApplySnapshot(TestZones.Bare(Zone) with
        {
            Records =
            [
                R("c.proto.test", "CNAME", ["\\#", "3", "016105"]),
                R("m.proto.test", "MX", ["\\#", "4", "000a0261"]),
                R("ok.proto.test", "A", ["192.0.2.1"]),
            ],
        });
        var cname = bad.UdpQuery(TestQuery.Build("c.proto.test", 1));
        Assert.Equal(3, cname.Rcode);
        Assert.Empty(cname.Answers);
        var mx = bad.UdpQuery(TestQuery.Build("m.proto.test", 15));
        Assert.Equal(3, mx.Rcode);
        Assert.Empty(mx.Answers);
        Assert.Single(bad.UdpQuery(TestQuery.Build("ok.proto.test", 1)).Answers);
    }
}
