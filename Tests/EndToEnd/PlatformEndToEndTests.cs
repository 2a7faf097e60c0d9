using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Vantage.Tests.EndToEnd;

/// <summary>
/// The real thing: silo, API and edge as separate processes; records written over HTTP with the API key
/// and read back with <c>dig</c> over UDP and TCP; the silo stopped and started again on its data folder.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PlatformEndToEndTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_record_created_through_the_api_is_answered_by_dig_over_udp_and_tcp()
    {
        var zone = "e2e" + Guid.NewGuid().ToString("N")[..8] + ".test";
        Assert.Equal(HttpStatusCode.OK, (await platform.Send(HttpMethod.Put, $"/v1/zones/{zone}", $$"""{"zone":"{{zone}}","nx_ttl":60}""")).StatusCode);
        var clock = Stopwatch.StartNew();
        var put = await platform.Send(HttpMethod.Put, $"/v1/zones/{zone}/www.{zone}/A",
            $$"""{"zone":"{{zone}}","domain":"www.{{zone}}","type":"A","ttl":120,"answers":[{"answer":["192.0.2.10"]},{"answer":["192.0.2.11"]}]}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Dig.Result? answer = null;
        var answered = await Poll.Until(async () =>
        {
            answer = await Dig.Query(platform.DnsPort, $"www.{zone}", "A");
            return answer.Answers.Count == 2;
        }, TimeSpan.FromSeconds(10));
        var propagation = clock.Elapsed;

        Assert.True(answered, "dig never saw the record:\n" + answer?.Output + "\n--- edge:\n" + platform.Edge!.Output);
        Assert.Equal("NOERROR", answer!.Status);
        Assert.True(answer.Authoritative, answer.Output);
        Assert.Equal(["192.0.2.10", "192.0.2.11"], answer.Answers.Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[^1]).Order());
        Assert.All(answer.Answers, l => Assert.Contains("\t120\t", l.Replace(' ', '\t')));
        // "within a second" is the product target; the assertion leaves room for a loaded CI machine.
        Assert.True(propagation < TimeSpan.FromSeconds(5), $"propagation took {propagation.TotalMilliseconds:F0} ms");

        var tcp = await Dig.Query(platform.DnsPort, $"www.{zone}", "A", "+tcp");
        Assert.Equal(2, tcp.Answers.Count);
        var missing = await Dig.Query(platform.DnsPort, $"nothing.{zone}", "A");
        Assert.Equal("NXDOMAIN", missing.Status);
        var elsewhere = await Dig.Query(platform.DnsPort, "www.not-ours.example", "A");
        Assert.Equal("REFUSED", elsewhere.Status);
    }

    [Fact]
    public async Task Zones_survive_a_silo_restart_and_the_edge_answers_while_the_silo_is_down()
    {
        var zone = "restart" + Guid.NewGuid().ToString("N")[..8] + ".test";
        Assert.Equal(HttpStatusCode.OK, (await platform.Send(HttpMethod.Put, $"/v1/zones/{zone}", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Send(HttpMethod.Put, $"/v1/zones/{zone}/mail.{zone}/MX",
            """{"answers":[{"answer":[10,"mx1.example.net"]}]}""")).StatusCode);
        Assert.True(await Poll.Until(async () => (await Dig.Query(platform.DnsPort, $"mail.{zone}", "MX")).Answers.Count == 1, TimeSpan.FromSeconds(10)));

        await platform.StopSiloAsync();
        var whileDown = await Dig.Query(platform.DnsPort, $"mail.{zone}", "MX");
        Assert.Equal("NOERROR", whileDown.Status);
        Assert.Single(whileDown.Answers);

        await platform.StartSiloAsync();
        HttpResponseMessage? read = null;
        Assert.True(await Poll.Until(async () =>
        {
            read = await platform.Send(HttpMethod.Get, $"/v1/zones/{zone}/mail.{zone}/MX");
            return read.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60)), "API never read the zone back after the restart:\n" + platform.Api!.Output);
        using var record = JsonDocument.Parse(await read!.Content.ReadAsStringAsync());
        Assert.Equal("""[10,"mx1.example.net"]""", record.RootElement.GetProperty("answers")[0].GetProperty("answer").GetRawText());

        // After the restart the edge is back in sync: a new change reaches it.
        Assert.Equal(HttpStatusCode.OK, (await platform.Send(HttpMethod.Post, $"/v1/zones/{zone}/mail.{zone}/MX",
            """{"answers":[{"answer":[20,"mx2.example.net"]}]}""")).StatusCode);
        Assert.True(await Poll.Until(async () =>
            (await Dig.Query(platform.DnsPort, $"mail.{zone}", "MX")).Answers.SingleOrDefault()?.Contains("mx2.example.net", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(45)), "edge did not converge after the silo restart:\n" + platform.Edge!.Output);
    }
}
