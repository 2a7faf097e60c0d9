using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>The same server queried with a third-party client library (DnsClient) over UDP and TCP.</summary>
public sealed class DnsClientInteropTests(ExampleZoneFixture fixture) : IClassFixture<ExampleZoneFixture>
{
    private LookupClient Client(bool tcp) => new(new LookupClientOptions(new NameServer(fixture.Edge.EndPoint))
    {
        UseCache = false,
        Retries = 0,
        Timeout = TimeSpan.FromSeconds(5),
        UseTcpOnly = tcp,
        EnableAuditTrail = false,
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answers_parse_in_DnsClient(bool tcp)
    {
        var client = Client(tcp);

        var a = await client.QueryAsync("host1.example.test", QueryType.A);
        Assert.False(a.HasError);
        Assert.True(a.Header.HasAuthorityAnswer);
        Assert.Equal(["192.0.2.11", "192.0.2.12"], a.Answers.ARecords().Select(r => r.Address.ToString()));

        var chain = await client.QueryAsync("www.example.test", QueryType.A);
        Assert.Equal(3, chain.Answers.CnameRecords().Count());
        Assert.Equal(2, chain.Answers.ARecords().Count());

        var mx = await client.QueryAsync("example.test", QueryType.MX);
        var exchange = Assert.Single(mx.Answers.MxRecords());
        Assert.Equal("mail.example.test.", exchange.Exchange.Value);
        Assert.Equal(["192.0.2.10"], mx.Additionals.ARecords().Select(r => r.Address.ToString()));

        var srv = await client.QueryAsync("_sip._tcp.example.test", QueryType.SRV);
        Assert.Equal(5060, Assert.Single(srv.Answers.SrvRecords()).Port);

        var txt = await client.QueryAsync("long.example.test", QueryType.TXT);
        Assert.Equal(2, Assert.Single(txt.Answers.TxtRecords()).Text.Count);

        var nx = await client.QueryAsync("nx.example.test", QueryType.A);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, nx.Header.ResponseCode);
        var soa = Assert.Single(nx.Authorities.SoaRecords());
        Assert.Equal(300, soa.InitialTimeToLive);
        Assert.Equal(42u, soa.Serial);

        var caa = await client.QueryAsync("caa.example.test", QueryType.CAA);
        Assert.Equal("letsencrypt.org", Assert.Single(caa.Answers.CaaRecords()).Value);

        var aaaa = await client.QueryAsync("ns2.example.test", QueryType.AAAA);
        Assert.Equal(IPAddress.Parse("2001:db8::2"), Assert.Single(aaaa.Answers.AaaaRecords()).Address);
    }

    [Fact]
    public async Task Truncated_udp_answer_is_retried_over_tcp_by_the_client()
    {
        var client = new LookupClient(new LookupClientOptions(new NameServer(fixture.Edge.EndPoint))
        {
            UseCache = false,
            Retries = 0,
            Timeout = TimeSpan.FromSeconds(5),
            UseTcpFallback = true,
        });
        var big = await client.QueryAsync("big.example.test", QueryType.A);
        Assert.Equal(100, big.Answers.ARecords().Count());
        Assert.False(big.Header.ResultTruncated);
    }
}
