using System.Globalization;
using DnsClient;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Vantage.Monitoring;
using Vantage.Tests.Api;

namespace Vantage.Tests.Stats;

/// <summary>
/// <c>/status</c> in headless Chromium (Debian's, driven by Playwright offline): live charts of real queries (QPS and
/// answer latency), monitors with their statuses, anomalies in colour, and a screenshot kept under <c>.ci/out/</c>.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StatusPageTests(ApiFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_status_page_draws_live_QPS_and_shows_anomalies_in_colour()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (.ci/run does)");
        var port = Ports.Free();
        await using var api = fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Vantage:Api:HttpPort"] = port.ToString(CultureInfo.InvariantCulture),
            ["Vantage:Api:HttpsPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
        });
        api.UseKestrel();
        api.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Add("X-NSONE-Key", ApiFactory.TestKey);

        var zone = ApiCalls.NewZone("status");
        await http.CreateZone(zone);
        await http.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.9"]}]}""");
        await using var edge = await StatsEdge.StartAsync(fixture.Cluster, "status-edge-" + zone);
        await Poll.Require(async () => (await edge.Dns().QueryAsync($"www.{zone}", QueryType.A)).Answers.Count > 0,
            TimeSpan.FromSeconds(30), () => $"{zone} not served");
        var dns = edge.Dns();
        for (var i = 0; i < 30; i++) await dns.QueryAsync($"www.{zone}", QueryType.A);
        // The edge answers this zone without failures; what another edge would report with SERVFAILs, sent as it would.
        await fixture.Cluster.Client.GetGrain<Vantage.Stats.IZoneStatsGrain>(zone).Apply(new Vantage.Stats.QueryCountBatch
        {
            EdgeId = "failing-edge", Incarnation = "1", Sequence = 1, CapturedAt = DateTimeOffset.UtcNow, Zone = zone,
            Counts = [new Vantage.Stats.QueryCount { Domain = $"www.{zone}", Type = "A", Rcode = 2, Count = 10 }],
        });

        // Two monitoring jobs (inactive: no probes run; their regions' results are reported as probes would).
        var jobs = fixture.Cluster.Client.GetGrain<IMonitorJobsGrain>(GrainKeys.Directory);
        var down = "web-down-" + zone;
        var up = "web-up-" + zone;
        foreach (var (name, result) in new[] { (down, new ProbeResult { At = DateTimeOffset.UtcNow, Error = "connection refused" }), (up, new ProbeResult { At = DateTimeOffset.UtcNow, Connect = 1 }) })
        {
            var job = (await jobs.Create(new MonitorJob
            {
                Id = "", Name = name, JobType = "tcp", Active = false, Regions = ["ams", "lga"], ConfigJson = """{"host":"192.0.2.1","port":80}""",
            })).Value!;
            foreach (var region in job.Regions) await fixture.Cluster.Client.GetGrain<IMonitorJobGrain>(job.Id).Report(job, region, result);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 1100 } });
        await page.GotoAsync($"http://127.0.0.1:{port}/status?key={ApiFactory.TestKey}");

        // The page updates itself: several refreshes, the zone's row, and the anomaly in the anomaly colour.
        await Assertions.Expect(page.Locator($"tr[data-zone='{zone}']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var anomaly = page.Locator(".anomaly", new() { HasText = "SERVFAIL" }).Filter(new() { HasText = zone });
        await Assertions.Expect(anomaly).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal("rgb(164, 0, 0)", await anomaly.EvaluateAsync<string>("e => getComputedStyle(e).color"));
        await page.WaitForFunctionAsync("() => +document.body.dataset.updates >= 2", null, new() { Timeout = 30_000 });
        var qps = await page.Locator($"tr[data-zone='{zone}'] td").Nth(1).InnerTextAsync();
        Assert.True(double.Parse(qps, CultureInfo.InvariantCulture) > 0, $"zone qps {qps}");
        // The chart has been drawn: the canvas holds non-blank pixels.
        var inked = await page.EvaluateAsync<int>("""
            () => { const c = document.getElementById('zone-chart'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }
            """);
        Assert.True(inked > 500, $"{inked} pixels drawn");

        // Traffic paced at 50 queries a second while the page is open (after the SERVFAIL share was seen: the
        // traffic dilutes it): every edge report then carries answer latencies.
        using var traffic = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            var client = edge.Dns();
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            while (await pace.WaitForNextTickAsync(traffic.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result))
                await client.QueryAsync($"www.{zone}", QueryType.A);
        });

        // Answer latency per edge: the edge's row has p50 / p99, and the chart has points.
        var latency = page.Locator($"tr[data-edge='status-edge-{zone}'] td").Nth(3);
        await Assertions.Expect(latency).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d{3} / \d+\.\d{3}$"), new() { Timeout = 30_000 });
        // Three reports' worth of p50 and p99 points, drawn as lines over time.
        await page.WaitForFunctionAsync("() => +document.getElementById('latency-chart').dataset.points >= 6", null, new() { Timeout = 30_000 });
        var latencyInk = await page.EvaluateAsync<int>("""
            () => { const c = document.getElementById('latency-chart'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }
            """);
        Assert.True(latencyInk > 1500, $"{latencyInk} latency chart pixels drawn");

        // Monitors: name, type, global and regional status; down in red, up in green.
        var downRow = page.Locator($"tr[data-monitor='{down}']");
        await Assertions.Expect(downRow.Locator("td.status")).ToHaveTextAsync("down", new() { Timeout = 30_000 });
        Assert.Equal("rgb(164, 0, 0)", await downRow.Locator("td.status").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        Assert.Equal("tcp", await downRow.Locator("td").Nth(1).InnerTextAsync());
        Assert.Equal(["ams down", "lga down"], await downRow.Locator("span.region.down").AllInnerTextsAsync());
        var upRow = page.Locator($"tr[data-monitor='{up}']");
        await Assertions.Expect(upRow.Locator("td.status")).ToHaveTextAsync("up");
        Assert.Equal("rgb(16, 107, 33)", await upRow.Locator("td.status").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        Assert.Equal(2, await upRow.Locator("span.region.up").CountAsync());
        await Assertions.Expect(page.Locator(".anomaly", new() { HasText = $"monitor {down} is down" })).ToBeVisibleAsync();

        await traffic.CancelAsync();
        await load;

        var output = Path.Combine(Repository.Root, ".ci", "out");
        Directory.CreateDirectory(output);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "status-page.png"), FullPage = true });
    }
}
