using System.Collections.Immutable;
using Vantage.Events;
using Vantage.Model;

namespace Vantage.Tests.Dns;

/// <summary>The zones every DNS conformance test is answered from.</summary>
public static class TestZones
{
    public const string Example = "example.test";

    public static ZoneSettings ExampleSettings { get; } = new()
    {
        Id = "z1",
        Name = Example,
        Ttl = 3600,
        NxTtl = 300,
        Serial = 42,
        Hostmaster = "hostmaster@example.test",
        DnsServers = ["ns1.example.test", "ns2.example.test"],
    };

    /// <summary>SOA as printed by <see cref="TestResponse"/> for negative answers (TTL = min(3600, 300)).</summary>
    public const string NegativeSoa = "example.test. 300 SOA ns1.example.test. hostmaster.example.test. 42 43200 7200 1209600 300";

    public static DnsRecord R(string domain, string type, int ttl, params string[][] answers) => new()
    {
        Id = domain + "/" + type,
        Zone = Example,
        Domain = domain,
        Type = type,
        Ttl = ttl,
        Answers = answers.Select((a, i) => new DnsAnswer { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Rdata = [.. a] }).ToImmutableArray(),
    };

    public static string[] A(string v) => [v];

    public static ImmutableArray<DnsRecord> ExampleRecords { get; } =
    [
        R("example.test", "NS", 3600, ["ns1.example.test"], ["ns2.example.test"]),
        R("example.test", "MX", 300, ["10", "mail.example.test"]),
        R("example.test", "TXT", 600, ["v=spf1 -all"]),
        R("ns1.example.test", "A", 3600, ["192.0.2.1"]),
        R("ns2.example.test", "A", 3600, ["192.0.2.2"]),
        R("ns2.example.test", "AAAA", 3600, ["2001:db8::2"]),
        R("mail.example.test", "A", 300, ["192.0.2.10"]),
        R("mail.example.test", "AAAA", 300, ["2001:db8::10"]),
        R("www.example.test", "CNAME", 60, ["c1.example.test"]),
        R("c1.example.test", "CNAME", 60, ["c2.example.test"]),
        R("c2.example.test", "CNAME", 60, ["host1.example.test"]),
        R("host1.example.test", "A", 120, ["192.0.2.11"], ["192.0.2.12"]),
        R("host1.example.test", "AAAA", 120, ["2001:db8::11"]),
        R("ext.example.test", "CNAME", 60, ["www.elsewhere.invalid"]),
        R("dangling.example.test", "CNAME", 60, ["nothere.example.test"]),
        R("loop1.example.test", "CNAME", 60, ["loop2.example.test"]),
        R("loop2.example.test", "CNAME", 60, ["loop1.example.test"]),
        R("*.wild.example.test", "A", 30, ["192.0.2.20"]),
        R("*.wild.example.test", "TXT", 30, ["wild"]),
        R("exists.wild.example.test", "TXT", 30, ["exists"]),
        R("*.wc.example.test", "CNAME", 30, ["host1.example.test"]),
        R("sub.ent.example.test", "A", 300, ["192.0.2.30"]),
        R("*.ent2.example.test", "A", 300, ["192.0.2.31"]),
        R("a.b.ent2.example.test", "A", 300, ["192.0.2.32"]),
        R("deleg.example.test", "NS", 86400, ["ns.deleg.example.test"], ["ns.elsewhere.invalid"]),
        R("deleg.example.test", "DS", 3600, ["12345", "8", "2", "49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4AC0000"]),
        R("ns.deleg.example.test", "A", 86400, ["192.0.2.40"]),
        R("to-deleg.example.test", "CNAME", 60, ["x.deleg.example.test"]),
        R("_sip._tcp.example.test", "SRV", 300, ["10", "20", "5060", "sip.example.test"]),
        R("sip.example.test", "A", 300, ["192.0.2.50"]),
        R("caa.example.test", "CAA", 300, ["0", "issue", "letsencrypt.org"]),
        R("naptr.example.test", "NAPTR", 300, ["100", "10", "S", "SIP+D2U", "", "_sip._udp.example.test"]),
        R("long.example.test", "TXT", 300, [new string('x', 300)]),
        R("multi.example.test", "TXT", 300, ["first", "second"]),
        R("spf.example.test", "SPF", 300, ["v=spf1 -all"]),
        R("ptr.example.test", "PTR", 300, ["host1.example.test"]),
        R("generic.example.test", "TYPE65280", 300, ["\\#", "3", "abcdef"]),
        R("mid.example.test", "A", 300, [.. Enumerable.Range(1, 40).Select(i => A($"198.51.100.{i}"))]),
        R("big.example.test", "A", 300, [.. Enumerable.Range(1, 100).Select(i => A($"203.0.113.{i}"))]),
        R("filtered.example.test", "A", 300, ["192.0.2.60"], ["192.0.2.61"]),
    ];

    public static ZoneSnapshot ExampleSnapshot(long version = 1) => new()
    {
        Settings = ExampleSettings,
        Version = version,
        Records = [.. ExampleRecords.Select(r => r.Domain == "filtered.example.test" ? r with { FiltersJson = "[{\"filter\":\"up\",\"config\":{}}]" } : r)],
    };

    /// <summary>A zone with no records at all: only the generated SOA and apex NS.</summary>
    public static ZoneSnapshot Bare(string name, long version = 1) => new()
    {
        Settings = new ZoneSettings { Id = name, Name = name, DnsServers = ["ns1." + name] },
        Version = version,
    };
}
