using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit.Abstractions;

namespace Vantage.Tests.EndToEnd;

/// <summary>
/// Health monitoring and data feeds through the real processes: a feed pushed with <c>POST /v1/feed/{sourceid}</c>,
/// and a TCP job against a listener this test opens and closes, wired the way octoDNS and Terraform do it
/// (source → list → job → feed → <c>up</c> pointer → <c>up</c> filter), each seen by <c>dig</c> at the edge.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MonitoringEndToEndTests(PlatformFixture platform, ITestOutputHelper output)
{
    /// <summary>Check period of the flip test; <c>VANTAGE_MONITOR_FREQUENCY=5</c> measures the bench figure.</summary>
    private static readonly int Frequency = int.TryParse(Environment.GetEnvironmentVariable("VANTAGE_MONITOR_FREQUENCY"), out var f) ? f : 1;

    private const string UpChain = """[{"filter":"up","config":{}}]""";

    [Fact]
    public async Task A_feed_published_with_POST_feed_steers_dig()
    {
        var source = await Create("/v1/data/sources", """{"name":"push","sourcetype":"nsone_v1"}""");
        var feed = await Create($"/v1/data/feeds/{source}", """{"name":"web one","config":{"label":"web1"}}""");
        var zone = await RecordPointingAt(feed);

        await Ok(HttpMethod.Post, $"/v1/feed/{source}", """{"up":false}""");
        await RequireAnswers(zone, ["192.0.2.2"], "after the flat publish of up=false");

        await Ok(HttpMethod.Post, $"/v1/feed/{source}", """{"web1":{"up":"1"}}""");
        await RequireAnswers(zone, ["192.0.2.1", "192.0.2.2"], "after the keyed publish of up=1");

        // The record keeps its pointer verbatim, and the feed lists it as a destination.
        var record = await Json($"/v1/zones/{zone}/www.{zone}/A");
        Assert.Equal(feed, record.GetProperty("answers")[0].GetProperty("meta").GetProperty("up").GetProperty("feed").GetString());
        var stored = await Json($"/v1/data/feeds/{source}/{feed}");
        Assert.Equal("answer", stored.GetProperty("destinations")[0].GetProperty("desttype").GetString());
        Assert.Equal("1", stored.GetProperty("data").GetProperty("up").GetString());
    }

    [Fact]
    public async Task A_tcp_job_wired_like_octodns_flips_dig_when_its_listener_closes_and_reopens()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            var source = await Create("/v1/data/sources", """{"name":"monitoring","sourcetype":"nsone_monitoring"}""");
            var list = await Create("/v1/lists", $$$"""{"name":"to feed","notify_list":[{"type":"datafeed","config":{"sourceid":"{{{source}}}"}}]}""");
            var job = await Create("/v1/monitoring/jobs", $$$"""
                {"name":"web1 tcp","job_type":"tcp","frequency":{{{Frequency}}},"regions":["lga","sjc","ams"],"policy":"quorum",
                 "config":{"host":"127.0.0.1","port":{{{port}}},"connect_timeout":500},"notify_list":"{{{list}}}","rapid_recheck":false}
                """);
            var feed = await Create($"/v1/data/feeds/{source}", $$$"""{"name":"web1 up","config":{"jobid":"{{{job}}}"}}""");
            var zone = await RecordPointingAt(feed);
            await RequireStatus(job, "up");
            await RequireAnswers(zone, ["192.0.2.1", "192.0.2.2"], "while the listener is open");

            listener.Stop();
            var down = Stopwatch.StartNew();
            var flipped = await RequireStatus(job, "down");
            var gone = await RequireAnswers(zone, ["192.0.2.2"], "after the listener closed");
            output.WriteLine($"closed → global down {flipped.TotalMilliseconds:0} ms, → edge stops answering {down.Elapsed.TotalMilliseconds:0} ms (frequency {Frequency} s)");
            // Within one period (the next check) plus the rapid path to the edge, with a second of slack for a busy machine.
            Assert.True(down.Elapsed < TimeSpan.FromSeconds(Frequency + 2), $"the edge took {down.Elapsed.TotalMilliseconds:0} ms");

            listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            var up = Stopwatch.StartNew();
            await RequireStatus(job, "up");
            await RequireAnswers(zone, ["192.0.2.1", "192.0.2.2"], "after the listener reopened");
            output.WriteLine($"reopened → edge answers again {up.Elapsed.TotalMilliseconds:0} ms");

            var history = JsonDocument.Parse(await (await platform.Send(HttpMethod.Get, $"/v1/monitoring/history/{job}?period=1h")).Content.ReadAsStringAsync()).RootElement;
            var global = history.EnumerateArray().Where(h => h.GetProperty("region").GetString() == "global").Select(h => h.GetProperty("status").GetString()!).ToArray();
            Assert.Equal(new[] { "up", "down", "up" }, global);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_job_keeps_running_after_its_silo_restarts()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var job = await Create("/v1/monitoring/jobs", $$$"""
            {"name":"restart","job_type":"tcp","frequency":1,"regions":["lga"],"config":{"host":"127.0.0.1","port":{{{port}}}}}
            """);
        await RequireStatus(job, "up");

        await platform.StopSiloAsync();
        await platform.StartSiloAsync();

        // Check counters live in memory: a count above zero was run by the restarted silo.
        await Poll.Require(async () =>
        {
            var metrics = await Json($"/v1/monitoring/metrics/{job}");
            return metrics[0].GetProperty("checks").GetInt64() >= 2;
        }, TimeSpan.FromSeconds(60), () => "the job did not run after the silo restarted:\n" + platform.Silo!.Output);
        Assert.Equal("up", (await Json($"/v1/monitoring/jobs/{job}")).GetProperty("status").GetProperty("global").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await platform.Send(HttpMethod.Delete, $"/v1/monitoring/jobs/{job}")).StatusCode);
    }

    [Fact]
    public async Task The_one_call_health_check_flips_dig_and_deleting_the_answer_removes_its_job_and_feed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            var zone = "one" + Guid.NewGuid().ToString("N")[..8] + ".test";
            await Ok(HttpMethod.Put, $"/v1/zones/{zone}", "{}");
            await Ok(HttpMethod.Put, $"/v1/zones/{zone}/www.{zone}/A", """{"ttl":5,"answers":[{"answer":["192.0.2.1"]},{"answer":["192.0.2.2"]}]}""");
            var attach = await platform.Send(HttpMethod.Put, $"/v1/zones/{zone}/www.{zone}/A/monitor",
                "{\"answer\":\"192.0.2.1\",\"job_type\":\"tcp\",\"frequency\":1,\"regions\":[\"lga\"],\"config\":{\"host\":\"127.0.0.1\",\"port\":" + port + "}}");
            var attached = JsonDocument.Parse(await attach.Content.ReadAsStringAsync()).RootElement;
            Assert.True(attach.StatusCode == HttpStatusCode.OK, attached.GetRawText());
            var job = attached.GetProperty("job").GetProperty("id").GetString()!;
            var (source, feed) = (attached.GetProperty("source").GetString()!, attached.GetProperty("feed").GetString()!);
            Assert.Equal("up", attached.GetProperty("record").GetProperty("filters")[0].GetProperty("filter").GetString());

            await RequireStatus(job, "up");
            await RequireAnswers(zone, ["192.0.2.1", "192.0.2.2"], "while the listener is open");
            listener.Stop();
            await RequireAnswers(zone, ["192.0.2.2"], "after the listener closed");
            listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            await RequireAnswers(zone, ["192.0.2.1", "192.0.2.2"], "after the listener reopened");

            // Calling again reuses the job and the feed.
            var again = JsonDocument.Parse(await (await platform.Send(HttpMethod.Put, $"/v1/zones/{zone}/www.{zone}/A/monitor",
                "{\"answer\":\"192.0.2.1\",\"job_type\":\"tcp\",\"frequency\":2,\"regions\":[\"lga\"],\"config\":{\"host\":\"127.0.0.1\",\"port\":" + port + "}}")).Content.ReadAsStringAsync()).RootElement;
            Assert.Equal((job, feed), (again.GetProperty("job").GetProperty("id").GetString()!, again.GetProperty("feed").GetString()!));

            await Ok(HttpMethod.Post, $"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.2"]}]}""");
            await Poll.Require(async () => (await platform.Send(HttpMethod.Get, $"/v1/monitoring/jobs/{job}")).StatusCode == HttpStatusCode.NotFound
                && (await platform.Send(HttpMethod.Get, $"/v1/data/feeds/{source}/{feed}")).StatusCode == HttpStatusCode.NotFound,
                TimeSpan.FromSeconds(10), () => "the job and feed made for the deleted answer are still there");
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>A zone with www A: 192.0.2.1 whose up points at <paramref name="feed"/>, and 192.0.2.2 always up.</summary>
    private async Task<string> RecordPointingAt(string feed)
    {
        var zone = "mon" + Guid.NewGuid().ToString("N")[..8] + ".test";
        await Ok(HttpMethod.Put, $"/v1/zones/{zone}", "{}");
        var pointer = JsonSerializer.Serialize(new { feed });
        await Ok(HttpMethod.Put, $"/v1/zones/{zone}/www.{zone}/A",
            "{\"ttl\":5,\"filters\":" + UpChain + ",\"answers\":[{\"answer\":[\"192.0.2.1\"],\"meta\":{\"up\":" + pointer
            + "}},{\"answer\":[\"192.0.2.2\"],\"meta\":{\"up\":true}}]}");
        return zone;
    }

    private async Task<TimeSpan> RequireAnswers(string zone, string[] expected, string when)
    {
        Dig.Result? dig = null;
        return await Poll.Require(async () =>
        {
            dig = await Dig.Query(platform.DnsPort, $"www.{zone}", "A");
            var got = dig.Answers.Select(l => l.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[^1]).Order().ToArray();
            return got.SequenceEqual(expected);
        }, TimeSpan.FromSeconds(20), () => $"dig never answered {string.Join(" ", expected)} {when}:\n{dig?.Output}\n--- edge:\n{platform.Edge!.Output}");
    }

    private async Task<TimeSpan> RequireStatus(string job, string status) =>
        await Poll.Require(async () =>
            (await Json($"/v1/monitoring/jobs/{job}")).GetProperty("status").GetProperty("global").GetProperty("status").GetString() == status,
            TimeSpan.FromSeconds(30), () => $"job {job} never became {status}:\n{platform.Silo!.Output}");

    private async Task<string> Create(string path, string json)
    {
        var response = await platform.Send(HttpMethod.Put, path, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private async Task Ok(HttpMethod method, string path, string json)
    {
        var response = await platform.Send(method, path, json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<JsonElement> Json(string path)
    {
        var response = await platform.Send(HttpMethod.Get, path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
