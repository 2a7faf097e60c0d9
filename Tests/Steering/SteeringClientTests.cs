using System.Net;
using Vantage.Steering.Engine;
using static Vantage.Tests.Steering.FilterHarness;

namespace Vantage.Tests.Steering;

public class SteeringClientTests
{
    [Theory]
    [InlineData("::ffff:192.0.2.1", 128, false, 0xC0000201u, 32)]
    [InlineData("192.0.2.1", 32, false, 0xC0000201u, 32)]
    [InlineData("192.0.2.0", 24, true, 0xC0000200u, 24)]
    [InlineData("192.0.2.1", 40, false, 0xC0000201u, 32)]
    [InlineData("192.0.2.1", -3, false, 0xC0000201u, 0)]
    public void From_an_ipv4_or_ipv4_mapped_socket_address_is_an_ipv4_client(string address, int prefix, bool fromSubnet, uint number, int expectedPrefix)
    {
        var client = SteeringClient.From(IPAddress.Parse(address).GetAddressBytes(), prefix, fromSubnet);
        Assert.Equal(4, client.AddressLength);
        Assert.False(client.IsV6);
        Assert.Equal((UInt128)number, client.Number);
        Assert.Equal(expectedPrefix, client.PrefixLength);
        Assert.Equal(fromSubnet, client.FromSubnet);
        Span<byte> bytes = stackalloc byte[16];
        Assert.Equal([(byte)(number >> 24), (byte)(number >> 16), (byte)(number >> 8), (byte)number], client.WriteAddress(bytes).ToArray());
    }

    [Fact]
    public void An_ipv4_mapped_client_subnet_keeps_its_family_so_the_scope_is_echoed_in_it()
    {
        var client = SteeringClient.From(IPAddress.Parse("::ffff:198.51.100.0").GetAddressBytes(), 120, fromSubnet: true);
        Assert.True(client.IsV6);
        Assert.Equal(120, client.PrefixLength);
    }

    [Theory]
    [InlineData("2001:db8::1", 128, 128)]
    [InlineData("2001:db8::", 48, 48)]
    [InlineData("::a00:1", 128, 128)]
    [InlineData("::1", 128, 128)]
    [InlineData("0:0:0:0:0:fffe:a00:1", 128, 128)]
    public void From_an_ipv6_address_stays_ipv6(string address, int prefix, int expectedPrefix)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        var client = SteeringClient.From(bytes, prefix, false);
        Assert.True(client.IsV6);
        Assert.Equal(16, client.AddressLength);
        Assert.Equal(expectedPrefix, client.PrefixLength);
        Span<byte> written = stackalloc byte[16];
        Assert.Equal(bytes, client.WriteAddress(written).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(15)]
    public void From_bytes_of_another_length_is_an_unknown_client(int length)
    {
        var client = SteeringClient.From(new byte[length], 32, true);
        Assert.Equal(0, client.AddressLength);
        Assert.False(client.FromSubnet);
    }

    [Fact]
    public void From_number_matches_from_bytes()
    {
        Assert.Equal(Client("10.1.2.3"), SteeringClient.FromNumber(false, 0x0A010203, 32, false));
        Assert.Equal(Client("2001:db8::7", 64), SteeringClient.FromNumber(true, UInt128.Parse("42540766411282592856903984951653826567"), 64, true));
    }

    [Theory]
    [InlineData("10.1.2.3", "10.1.2.200", true, true)]
    [InlineData("10.1.2.0", "10.1.2.255", true, true)]
    [InlineData("10.1.2.3", "10.1.3.3", true, false)]
    [InlineData("10.1.2.3", "10.1.2.200", false, false)]
    [InlineData("10.1.2.3", "10.1.2.3", false, true)]
    [InlineData("10.1.2.3", "::ffff:10.1.2.200", true, true)]
    [InlineData("10.1.2.3", "::a01:203", false, false)]
    [InlineData("2001:db8:1::1", "2001:db8:f:ffff::1", true, true)]
    [InlineData("2001:db8:1::1", "2001:db8:10::1", true, false)]
    [InlineData("2001:db8:1::1", "2001:db8:1::2", false, false)]
    public void Network_hash_agrees_for_network_mates(string a, string b, bool byNetwork, bool equal)
    {
        var ha = Client(a).NetworkHash(byNetwork);
        var hb = Client(b).NetworkHash(byNetwork);
        Assert.Equal(equal, ha == hb);
    }

    [Fact]
    public void Network_hash_of_an_ecs_slash_24_equals_its_hosts_by_network_only()
    {
        var ecs = Client("10.1.2.0", 24);
        Assert.Equal(Client("10.1.2.77").NetworkHash(true), ecs.NetworkHash(true));
        Assert.NotEqual(Client("10.1.2.77").NetworkHash(false), ecs.NetworkHash(false));
        Assert.NotEqual(Client("10.1.2.0").NetworkHash(false), ecs.NetworkHash(false));
        // An ECS /16 is not cut further (nothing to cut) and is not its /24.
        Assert.Equal(Client("10.1.0.0", 16).NetworkHash(false), Client("10.1.0.0", 16).NetworkHash(true));
        Assert.NotEqual(Client("10.1.0.0", 16).NetworkHash(true), Client("10.1.0.0", 24).NetworkHash(true));
    }
}
