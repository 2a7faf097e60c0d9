using System.Collections.Immutable;
using System.Net;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Vantage.Model;
using Vantage.Steering.Engine;
using Vantage.Steering.Geo;
using Vantage.Traffic;

namespace Vantage.Tests.Dns;

/// <summary>Filter chains at the edge: who is asking (resolver or ECS), the ECS echo and scope, and steered answers.</summary>
public sealed class SteeringEdgeTests
{
    private const string Zone = "steer.test";

    /// <summary>Fixed geography: 198.51.100.0/24 is California, 203.0.113.0/24 Germany (AS 3320), anything else unknown.</summary>
    private sealed class FakeGeo : IGeoLookup
    {
        public GeoLocation Locate(ReadOnlySpan<byte> address) => address.Length != 4 ? GeoLocation.Unknown : (address[0], address[1], address[2]) switch
        {
            (127, 0, 0) => new GeoLocation("DE", null, Georegion.Europe, true, 50.1, 8.7),
            (198, 51, 100) => new GeoLocation("US", "CA", Georegion.UsWest, true, 37.4, -122.1),
            (203, 0, 113) => new GeoLocation("DE", null, Georegion.Europe, true, 50.1, 8.7),
            _ => GeoLocation.Unknown,
        };

        public uint Asn(ReadOnlySpan<byte> address) => address.Length == 4 && address[0] == 203 ? 3320u : 0u;
    }

    private static DnsAnswer Answer(string address, string? meta = null, string? region = null) =>
        new() { Id = Ids.New(), Rdata = [address], MetaJson = meta, Region = region };

    private static DnsRecord Record(string domain, string type, string filters, params DnsAnswer[] answers) => new()
    {
        Id = Ids.New(),
        Zone = Zone,
        Domain = domain,
        Type = type,
        Ttl = 60,
        Answers = [.. answers],
        FiltersJson = filters,
    };

    private static readonly DnsRecord[] Records =
    [
        Record("static.steer.test", "A", "[]", Answer("192.0.2.1")),
        Record("geo.steer.test", "A",
            """[{"filter":"up","config":{}},{"filter":"geofence_country","config":{"remove_no_location":"1"}},{"filter":"select_first_n","config":{"N":1}}]""",
            Answer("192.0.2.10", """{"country":["US"]}"""),
            Answer("192.0.2.20", """{"country":["DE"]}"""),
            Answer("192.0.2.30")),
        Record("geo-resolver.steer.test", "A",
            """[{"filter":"geofence_country","config":{}}]""",
            Answer("192.0.2.10", """{"country":["US"]}"""),
            Answer("192.0.2.20", """{"country":["DE"]}""")) with { UseClientSubnet = false },
        Record("updown.steer.test", "A", """[{"filter":"up","config":{}}]""",
            Answer("192.0.2.40", """{"up":false}"""),
            Answer("192.0.2.41", """{"up":"1"}""")),
        Record("sticky.steer.test", "A", """[{"filter":"sticky","config":{"sticky_by_network":true}}]""",
            Answer("192.0.2.50"), Answer("192.0.2.51"), Answer("192.0.2.52")),
        Record("asn.steer.test", "AAAA", """[{"filter":"netfence_asn","config":{"remove_no_asn":0}}]""",
            Answer("2001:db8::1", """{"asn":[3320]}"""),
            Answer("2001:db8::2", """{"asn":[15169]}""")),
        Record("*.ip.steer.test", "A", """[{"filter":"parse_ipv4","config":{"separator":"-"}}]""", Answer("192.0.2.99")),
        Record("disabled.steer.test", "A", """[{"filter":"select_first_n","config":{"N":"1"},"disabled":true}]""",
            Answer("192.0.2.60"), Answer("192.0.2.61")),
    ];

    private static ZoneSnapshot Snapshot() => new()
    {
        Settings = new ZoneSettings { Id = Zone, Name = Zone, DnsServers = ["ns1." + Zone] },
        Version = 1,
        Records = [.. Records],
    };

    private static QueryProcessor Processor()
    {
        var catalog = new ZoneCatalog();
        new ZoneStore(catalog).ApplySnapshot(Snapshot());
        return new QueryProcessor(catalog, new FakeGeo(), new SeededRandom(7));
    }

    [Fact]
    public async Task Over_real_sockets_the_senders_address_is_the_client()
    {
        // 127.0.0.1 is "Germany" in the fake data: over UDP and TCP the sender's address must reach the chain.
        await using var server = await EdgeServer.StartAsync(geo: new FakeGeo());
        server.Store.ApplySnapshot(Snapshot());
        var query = TestQuery.Build("geo.steer.test", 1);
        Assert.Equal(["192.0.2.20"], Addresses(server.UdpQuery(query)));
        Assert.Equal(["192.0.2.20"], Addresses(server.TcpQuery(query)));
    }

    private static readonly QueryProcessor Edge = Processor();

    private static TestResponse Ask(string name, ushort type, string from, byte[]? options = null, bool edns = true)
    {
        var query = TestQuery.Build(name, type, edns: edns ? new EdnsSpec(Options: options) : null);
        var response = new byte[4096];
        var length = Edge.Process(query, response, DnsTransport.Udp, IPAddress.Parse(from).GetAddressBytes());
        return TestResponse.Parse(response.AsSpan(0, length));
    }

    private static string[] Addresses(TestResponse r) => [.. r.Answers.Select(a => a.Data)];

    [Fact]
    public void Static_record_echoes_the_client_subnet_with_scope_zero()
    {
        var r = Ask("static.steer.test", 1, "192.0.2.200", TestQuery.ClientSubnet("198.51.100.0/24"));
        Assert.Equal(0, r.Rcode);
        Assert.Equal(["192.0.2.1"], Addresses(r));
        var ecs = Assert.NotNull(r.ClientSubnet);
        Assert.Equal((1, 24, 0), (ecs.Family, ecs.Source, ecs.Scope));
        Assert.Equal(new byte[] { 198, 51, 100 }, ecs.Address);
    }

    [Theory]
    [InlineData("198.51.100.0/24", "192.0.2.10")]
    [InlineData("203.0.113.0/24", "192.0.2.20")]
    [InlineData("192.0.2.0/24", "192.0.2.30")]
    public void Geofence_follows_the_client_subnet_and_scopes_the_answer_to_it(string subnet, string expected)
    {
        // The resolver itself is in Germany: only the subnet may decide.
        var r = Ask("geo.steer.test", 1, "203.0.113.53", TestQuery.ClientSubnet(subnet));
        Assert.Equal([expected], Addresses(r));
        Assert.Equal(24, r.ClientSubnet!.Value.Scope);
    }

    [Fact]
    public void Without_ECS_the_resolver_address_decides()
    {
        Assert.Equal(["192.0.2.10"], Addresses(Ask("geo.steer.test", 1, "198.51.100.7")));
        Assert.Equal(["192.0.2.20"], Addresses(Ask("geo.steer.test", 1, "203.0.113.7", edns: false)));
    }

    [Fact]
    public void Record_without_use_client_subnet_ignores_ECS_and_says_scope_zero()
    {
        var r = Ask("geo-resolver.steer.test", 1, "203.0.113.53", TestQuery.ClientSubnet("198.51.100.0/24"));
        Assert.Equal(["192.0.2.20"], Addresses(r));
        Assert.Equal(0, r.ClientSubnet!.Value.Scope);
    }

    [Fact]
    public void Down_answers_are_not_served()
    {
        Assert.Equal(["192.0.2.41"], Addresses(Ask("updown.steer.test", 1, "192.0.2.200")));
    }

    [Fact]
    public void Sticky_by_network_scope_is_the_network_and_the_order_is_fixed_per_network()
    {
        var first = Ask("sticky.steer.test", 1, "192.0.2.200", TestQuery.ClientSubnet("198.51.100.77/32"));
        Assert.Equal(24, first.ClientSubnet!.Value.Scope);
        Assert.Equal(3, first.Answers.Count);
        for (var host = 0; host < 256; host += 17)
        {
            var again = Ask("sticky.steer.test", 1, "192.0.2.200", TestQuery.ClientSubnet($"198.51.100.{host}/32"));
            Assert.Equal(Addresses(first), Addresses(again));
        }
        var orders = Enumerable.Range(1, 40)
            .Select(n => string.Join(",", Addresses(Ask("sticky.steer.test", 1, "192.0.2.200", TestQuery.ClientSubnet($"10.{n}.0.0/24")))))
            .ToHashSet();
        Assert.True(orders.Count > 1, "different networks should not all get the same order");
    }

    [Fact]
    public void Netfence_asn_on_an_IPv6_record()
    {
        Assert.Equal(["2001:db8::1"], Addresses(Ask("asn.steer.test", 28, "203.0.113.9")));
        Assert.Equal(["2001:db8::1", "2001:db8::2"], Addresses(Ask("asn.steer.test", 28, "192.0.2.9")).Order());
    }

    [Theory]
    [InlineData("11-22-33-44.ip.steer.test", "192.0.2.99,11.22.33.44")]
    [InlineData("not-an-address.ip.steer.test", "192.0.2.99")]
    public void Parse_ipv4_adds_the_address_in_the_name(string name, string expected)
    {
        var r = Ask(name, 1, "192.0.2.200");
        Assert.Equal(expected.Split(','), Addresses(r));
        Assert.Equal(name, r.Answers[0].Name.TrimEnd('.'));
    }

    [Fact]
    public void Disabled_filters_are_skipped()
    {
        Assert.Equal(2, Ask("disabled.steer.test", 1, "192.0.2.200").Answers.Count);
    }

    public static TheoryData<string, byte[]> BadSubnets => new()
    {
        { "family 3", TestQuery.ClientSubnetRaw(3, 24, 0, [1, 2, 3]) },
        { "IPv4 source 33", TestQuery.ClientSubnetRaw(1, 33, 0, [1, 2, 3, 4, 5]) },
        { "IPv6 source 129", TestQuery.ClientSubnetRaw(2, 129, 0, new byte[17]) },
        { "address longer than the prefix", TestQuery.ClientSubnetRaw(1, 16, 0, [10, 1, 2]) },
        { "address shorter than the prefix", TestQuery.ClientSubnetRaw(1, 24, 0, [10, 1]) },
        { "bits after the prefix", TestQuery.ClientSubnetRaw(1, 20, 0, [10, 1, 0x1F]) },
        { "option too short", [0, 8, 0, 2, 0, 1] },
        { "two options", [.. TestQuery.ClientSubnet("10.0.0.0/8"), .. TestQuery.ClientSubnet("10.0.0.0/8")] },
    };

    [Theory]
    [MemberData(nameof(BadSubnets))]
    public void A_malformed_client_subnet_is_FORMERR(string why, byte[] option)
    {
        var r = Ask("static.steer.test", 1, "192.0.2.200", option);
        Assert.True(r.Rcode == 1, why);
        Assert.Empty(r.Answers);
    }

    [Fact]
    public void An_IPv6_subnet_and_a_zero_length_subnet_are_echoed()
    {
        var v6 = Ask("static.steer.test", 1, "192.0.2.200", TestQuery.ClientSubnet("2001:db8:1200::/40"));
        Assert.Equal((2, 40, 0), (v6.ClientSubnet!.Value.Family, v6.ClientSubnet.Value.Source, v6.ClientSubnet.Value.Scope));
        Assert.Equal(new byte[] { 0x20, 0x01, 0x0d, 0xb8, 0x12 }, v6.ClientSubnet.Value.Address);
        var none = Ask("geo.steer.test", 1, "198.51.100.1", TestQuery.ClientSubnet("0.0.0.0/0"));
        Assert.Equal(0, none.ClientSubnet!.Value.Source);
        // A /0 says nothing of the client: the resolver (US in the fake data) decides.
        Assert.Equal(["192.0.2.10"], Addresses(none));
        Assert.Equal(0, none.ClientSubnet.Value.Scope);
    }

    [Fact]
    public void The_steered_path_allocates_nothing()
    {
        var query = TestQuery.Build("geo.steer.test", 1, edns: new EdnsSpec(Options: TestQuery.ClientSubnet("203.0.113.0/24")));
        var sticky = TestQuery.Build("sticky.steer.test", 1, edns: new EdnsSpec(Options: TestQuery.ClientSubnet("198.51.100.0/24")));
        var response = new byte[4096];
        var from = IPAddress.Parse("192.0.2.1").GetAddressBytes();
        for (var i = 0; i < 1000; i++)
        {
            Edge.Process(query, response, DnsTransport.Udp, from);
            Edge.Process(sticky, response, DnsTransport.Udp, from);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Edge.Process(query, response, DnsTransport.Udp, from);
            Edge.Process(sticky, response, DnsTransport.Udp, from);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
