using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>
/// Table-driven answers from the zone over real UDP and TCP sockets: positive answers, CNAME chasing, wildcards
/// (RFC 4592), NXDOMAIN/NODATA with the negative SOA (RFC 2308), referrals with glue, additional-section addresses,
/// minimal ANY (RFC 8482), REFUSED outside our zones, and every RDATA encoding.
/// </summary>
public sealed class AnswerConformanceTests(ExampleZoneFixture fixture) : IClassFixture<ExampleZoneFixture>
{
    private const int NoError = 0;
    private const int NxDomain = 3;
    private const int Refused = 5;
    private const string Soa = TestZones.NegativeSoa;

    public static TheoryData<string, string, int, bool, string[], string[], string[]> Cases => new()
    {
        { "host1.example.test", "A", NoError, true, ["host1.example.test. 120 A 192.0.2.11", "host1.example.test. 120 A 192.0.2.12"], [], [] },
        { "host1.example.test", "AAAA", NoError, true, ["host1.example.test. 120 AAAA 2001:db8::11"], [], [] },
        { "example.test", "SOA", NoError, true, ["example.test. 3600 SOA ns1.example.test. hostmaster.example.test. 42 43200 7200 1209600 300"], [], [] },
        { "example.test", "NS", NoError, true, ["example.test. 3600 NS ns1.example.test.", "example.test. 3600 NS ns2.example.test."], [],
            ["ns1.example.test. 3600 A 192.0.2.1", "ns2.example.test. 3600 A 192.0.2.2", "ns2.example.test. 3600 AAAA 2001:db8::2"] },
        { "example.test", "MX", NoError, true, ["example.test. 300 MX 10 mail.example.test."], [],
            ["mail.example.test. 300 A 192.0.2.10", "mail.example.test. 300 AAAA 2001:db8::10"] },
        { "example.test", "TXT", NoError, true, ["example.test. 600 TXT \"v=spf1 -all\""], [], [] },
        { "www.example.test", "A", NoError, true,
            ["www.example.test. 60 CNAME c1.example.test.", "c1.example.test. 60 CNAME c2.example.test.", "c2.example.test. 60 CNAME host1.example.test.",
             "host1.example.test. 120 A 192.0.2.11", "host1.example.test. 120 A 192.0.2.12"], [], [] },
        { "www.example.test", "CNAME", NoError, true, ["www.example.test. 60 CNAME c1.example.test."], [], [] },
        { "ext.example.test", "A", NoError, true, ["ext.example.test. 60 CNAME www.elsewhere.invalid."], [], [] },
        { "dangling.example.test", "A", NxDomain, true, ["dangling.example.test. 60 CNAME nothere.example.test."], [Soa], [] },
        { "loop1.example.test", "A", NoError, true, ["loop1.example.test. 60 CNAME loop2.example.test.", "loop2.example.test. 60 CNAME loop1.example.test."], [], [] },
        { "foo.wild.example.test", "A", NoError, true, ["foo.wild.example.test. 30 A 192.0.2.20"], [], [] },
        { "a.b.wild.example.test", "A", NoError, true, ["a.b.wild.example.test. 30 A 192.0.2.20"], [], [] },
        { "foo.wild.example.test", "TXT", NoError, true, ["foo.wild.example.test. 30 TXT \"wild\""], [], [] },
        { "foo.wild.example.test", "AAAA", NoError, true, [], [Soa], [] },
        { "*.wild.example.test", "TXT", NoError, true, ["*.wild.example.test. 30 TXT \"wild\""], [], [] },
        { "exists.wild.example.test", "A", NoError, true, [], [Soa], [] },
        { "x.exists.wild.example.test", "A", NxDomain, true, [], [Soa], [] },
        { "foo.wc.example.test", "A", NoError, true,
            ["foo.wc.example.test. 30 CNAME host1.example.test.", "host1.example.test. 120 A 192.0.2.11", "host1.example.test. 120 A 192.0.2.12"], [], [] },
        { "ent.example.test", "A", NoError, true, [], [Soa], [] },
        { "sub.ent.example.test", "A", NoError, true, ["sub.ent.example.test. 300 A 192.0.2.30"], [], [] },
        { "b.ent2.example.test", "A", NoError, true, [], [Soa], [] },
        { "c.ent2.example.test", "A", NoError, true, ["c.ent2.example.test. 300 A 192.0.2.31"], [], [] },
        { "x.b.ent2.example.test", "A", NxDomain, true, [], [Soa], [] },
        { "nx.example.test", "A", NxDomain, true, [], [Soa], [] },
        { "deep.nx.example.test", "TXT", NxDomain, true, [], [Soa], [] },
        { "deleg.example.test", "A", NoError, false, [],
            ["deleg.example.test. 86400 NS ns.deleg.example.test.", "deleg.example.test. 86400 NS ns.elsewhere.invalid."], ["ns.deleg.example.test. 86400 A 192.0.2.40"] },
        { "x.y.deleg.example.test", "AAAA", NoError, false, [],
            ["deleg.example.test. 86400 NS ns.deleg.example.test.", "deleg.example.test. 86400 NS ns.elsewhere.invalid."], ["ns.deleg.example.test. 86400 A 192.0.2.40"] },
        { "deleg.example.test", "NS", NoError, false, [],
            ["deleg.example.test. 86400 NS ns.deleg.example.test.", "deleg.example.test. 86400 NS ns.elsewhere.invalid."], ["ns.deleg.example.test. 86400 A 192.0.2.40"] },
        { "ns.deleg.example.test", "A", NoError, false, [],
            ["deleg.example.test. 86400 NS ns.deleg.example.test.", "deleg.example.test. 86400 NS ns.elsewhere.invalid."], ["ns.deleg.example.test. 86400 A 192.0.2.40"] },
        { "deleg.example.test", "DS", NoError, true, ["deleg.example.test. 3600 DS 12345 8 2 49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4AC0000"], [], [] },
        { "to-deleg.example.test", "A", NoError, true, ["to-deleg.example.test. 60 CNAME x.deleg.example.test."],
            ["deleg.example.test. 86400 NS ns.deleg.example.test.", "deleg.example.test. 86400 NS ns.elsewhere.invalid."], ["ns.deleg.example.test. 86400 A 192.0.2.40"] },
        { "_sip._tcp.example.test", "SRV", NoError, true, ["_sip._tcp.example.test. 300 SRV 10 20 5060 sip.example.test."], [], ["sip.example.test. 300 A 192.0.2.50"] },
        { "caa.example.test", "CAA", NoError, true, ["caa.example.test. 300 CAA 0 issue \"letsencrypt.org\""], [], [] },
        { "naptr.example.test", "NAPTR", NoError, true, ["naptr.example.test. 300 NAPTR 100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.test."], [], [] },
        { "long.example.test", "TXT", NoError, true, ["long.example.test. 300 TXT \"" + new string('x', 255) + "\" \"" + new string('x', 45) + "\""], [], [] },
        { "multi.example.test", "TXT", NoError, true, ["multi.example.test. 300 TXT \"first\" \"second\""], [], [] },
        { "spf.example.test", "SPF", NoError, true, ["spf.example.test. 300 SPF \"v=spf1 -all\""], [], [] },
        { "ptr.example.test", "PTR", NoError, true, ["ptr.example.test. 300 PTR host1.example.test."], [], [] },
        { "generic.example.test", "TYPE65280", NoError, true, ["generic.example.test. 300 TYPE65280 \\# 3 abcdef"], [], [] },
        { "host1.example.test", "TYPE65280", NoError, true, [], [Soa], [] },
        { "host1.example.test", "MX", NoError, true, [], [Soa], [] },
        { "filtered.example.test", "A", NoError, true, ["filtered.example.test. 300 A 192.0.2.60", "filtered.example.test. 300 A 192.0.2.61"], [], [] },
        { "example.test", "ANY", NoError, true, ["example.test. 3600 NS ns1.example.test.", "example.test. 3600 NS ns2.example.test."], [], [] },
        { "host1.example.test", "ANY", NoError, true, ["host1.example.test. 120 A 192.0.2.11", "host1.example.test. 120 A 192.0.2.12"], [], [] },
        { "www.example.test", "ANY", NoError, true, ["www.example.test. 60 CNAME c1.example.test."], [], [] },
        { "ent.example.test", "ANY", NoError, true, [], [Soa], [] },
        { "nope.other.test", "A", NxDomain, true, [], ["other.test. 3600 SOA ns1.other.test. hostmaster.vantage.invalid. 0 43200 7200 1209600 3600"], [] },
        { "other.test", "NS", NoError, true, ["other.test. 3600 NS ns1.other.test."], [], [] },
        { "child.example.test", "SOA", NoError, true, ["child.example.test. 3600 SOA ns1.child.example.test. hostmaster.vantage.invalid. 0 43200 7200 1209600 3600"], [], [] },
        { "www.notours.invalid", "A", Refused, false, [], [], [] },
        { "test", "SOA", Refused, false, [], [], [] },
        { ".", "NS", Refused, false, [], [], [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Udp_answer_matches(string name, string type, int rcode, bool aa, string[] answer, string[] authority, string[] additional)
    {
        var query = TestQuery.Build(name, TypeCode(type), id: 0x4242);
        var r = fixture.Edge.UdpQuery(query);
        AssertResponse(r, name, rcode, aa, answer, authority, additional);
        Assert.False(r.HasOpt);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tcp_answer_matches(string name, string type, int rcode, bool aa, string[] answer, string[] authority, string[] additional)
    {
        var query = TestQuery.Build(name, TypeCode(type), id: 0x4343, edns: new EdnsSpec());
        var r = fixture.Edge.TcpQuery(query);
        AssertResponse(r, name, rcode, aa, answer, authority, additional);
        Assert.True(r.HasOpt);
        Assert.Equal(1, r.OptCount);
    }

    private static void AssertResponse(TestResponse r, string name, int rcode, bool aa, string[] answer, string[] authority, string[] additional)
    {
        Assert.True(r.QR);
        Assert.Equal(rcode, r.Rcode);
        Assert.Equal(aa, r.AA);
        Assert.False(r.TC);
        Assert.True(r.RD);
        Assert.Equal(1, r.QdCount);
        Assert.Equal(name == "." ? "." : name + ".", r.QuestionName);
        Assert.Equal(answer, r.Answers.Select(x => x.ToString()));
        Assert.Equal(authority, r.Authority.Select(x => x.ToString()));
        Assert.Equal(additional, r.Additional.Select(x => x.ToString()));
        Assert.All(r.Answers.Concat(r.Authority).Concat(r.Additional), rr => Assert.Equal(1, rr.Class));
    }

    public static ushort TypeCode(string type) => type switch
    {
        "A" => 1, "NS" => 2, "CNAME" => 5, "SOA" => 6, "PTR" => 12, "MX" => 15, "TXT" => 16, "AAAA" => 28,
        "SRV" => 33, "NAPTR" => 35, "DS" => 43, "SPF" => 99, "ANY" => 255, "CAA" => 257,
        _ when type.StartsWith("TYPE", StringComparison.Ordinal) => ushort.Parse(type[4..], System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentException(type),
    };
}
