using System.Net;
using Vantage.Tests.Api;
using Vantage.Tests.Silo;

namespace Vantage.Tests.Stats;

/// <summary><c>/metrics</c> of the API, an edge and a silo, parsed as Prometheus text, with the series they must have.</summary>
[Collection(ApiCollection.Name)]
public sealed class MetricsEndpointTests(ApiFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_API_exposes_requests_by_route_and_status_and_runtime_metrics()
    {
        var zone = ApiCalls.NewZone("metrics");
        await fixture.Client.CreateZone(zone);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.Get($"/v1/zones/{zone}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client.Get($"/v1/zones/missing-{zone}")).Status);

        List<PrometheusSample> samples = [];
        await Poll.Require(async () =>
        {
            var response = await fixture.Factory.CreateClient().GetAsync("/metrics");
            samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
            return samples.Any(s => s.Name == "http_server_request_duration_seconds_count"
                && s.Labels.GetValueOrDefault("http_route") == "/v1/zones/{zone}"
                && s.Labels.GetValueOrDefault("http_response_status_code") == "404");
        }, Deadline, () => "no request series for GET /v1/zones/{zone} with 404");

        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_bucket"
            && s.Labels.GetValueOrDefault("http_route") == "/v1/zones/{zone}" && s.Labels.GetValueOrDefault("http_response_status_code") == "200");
        var families = PrometheusText.Families(samples);
        Assert.Contains(families, f => f.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        Assert.Contains(families, f => f.StartsWith("dotnet_thread_pool_", StringComparison.Ordinal));
        Assert.Contains(families, f => f.StartsWith("dotnet_process_memory", StringComparison.Ordinal) || f.StartsWith("dotnet_gc_heap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_edge_exposes_queries_by_rcode_transport_and_edge_and_answer_latency()
    {
        var zone = ApiCalls.NewZone("metrics");
        await fixture.Client.CreateZone(zone);
        await fixture.Client.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.8"]}]}""");
        var port = Ports.Free();
        var id = "metrics-edge-" + zone;
        await using var edge = await StatsEdge.StartAsync(fixture.Cluster, id,
            new Dictionary<string, string?> { ["Vantage:Edge:MetricsPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await Poll.Require(async () => (await edge.Dns().QueryAsync($"www.{zone}", DnsClient.QueryType.A)).Answers.Count > 0,
            Deadline, () => $"{zone} not served");
        for (var i = 0; i < 40; i++) await edge.Dns(tcp: true).QueryAsync($"www.{zone}", DnsClient.QueryType.A);
        for (var i = 0; i < 9; i++) await edge.Dns().QueryAsync($"nx.{zone}", DnsClient.QueryType.A);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var samples = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
        double Queries(string rcode, string transport) => samples
            .Where(s => s.Name == "dns_server_queries_total" && s.Labels.GetValueOrDefault("dns_response_code") == rcode
                && s.Labels.GetValueOrDefault("network_transport") == transport && s.Labels.GetValueOrDefault("vantage_edge") == id)
            .Sum(s => s.Value);
        Assert.Equal(40, Queries("NOERROR", "tcp"));
        Assert.Equal(9, Queries("NXDOMAIN", "udp"));
        Assert.True(Queries("NOERROR", "udp") >= 1);
        var families = PrometheusText.Families(samples);
        Assert.Contains("dns_server_answer_duration_seconds", families);

        // A steered record, written after the edge subscribed: the change comes by the stream (delivery delay) and
        // its answers run a filter chain (one run in 16 per thread is timed: 64 queries time at least one).
        await fixture.Client.Put($"/v1/zones/{zone}/lb.{zone}/A",
            """{"answers":[{"answer":["192.0.2.10"]},{"answer":["192.0.2.11"]}],"filters":[{"filter":"shuffle","config":{}}]}""");
        await Poll.Require(async () => (await edge.Dns().QueryAsync($"lb.{zone}", DnsClient.QueryType.A)).Answers.Count > 0,
            Deadline, () => $"lb.{zone} not served");
        for (var i = 0; i < 64; i++) await edge.Dns().QueryAsync($"lb.{zone}", DnsClient.QueryType.A);

        await Poll.Require(async () =>
        {
            samples = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
            return Count(samples, "vantage_edge_stream_delivery_delay_seconds_count") >= 1
                && Count(samples, "vantage_dns_filter_chain_duration_seconds_count") >= 1;
        }, Deadline, () => "families: " + string.Join(' ', PrometheusText.Families(samples).Order()));
        families = PrometheusText.Families(samples);
        Assert.Contains("vantage_dns_filter_chain_duration_seconds", families);
        Assert.Contains("vantage_edge_stream_delivery_delay_seconds", families);
        // Seconds, with bucket bounds below a millisecond (not the SDK's millisecond defaults).
        Assert.Contains(samples, s => s.Name == "vantage_dns_filter_chain_duration_seconds_bucket"
            && double.TryParse(s.Labels.GetValueOrDefault("le"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var le)
            && le < 0.001);
        // The zone arrived by the stream (a change applied) or by a reconcile (a snapshot fetched).
        Assert.Contains(families, f => f.StartsWith("vantage_edge_changes_applied", StringComparison.Ordinal) || f.StartsWith("vantage_edge_snapshots_fetched", StringComparison.Ordinal));
        Assert.Contains(families, f => f.StartsWith("dotnet_gc_", StringComparison.Ordinal));
    }

    private static double Count(List<PrometheusSample> samples, string name) => samples.Where(s => s.Name == name).Sum(s => s.Value);
}

/// <summary>A real silo host's <c>/metrics</c> on its dashboard port.</summary>
public sealed class SiloMetricsTests
{
    [Fact]
    public async Task A_silo_exposes_grain_call_and_storage_times_and_runtime_metrics()
    {
        using var data = new TempDataFolder();
        await using var silo = await VantageSiloHost.StartAsync(data.Path);
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        // A grain activation reads its state: the storage and grain call series then have samples.
        var grains = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGrainFactory>(silo.Services);
        await grains.GetGrain<IZoneGrain>("metrics-" + Guid.NewGuid().ToString("N")[..8] + ".test").GetVersion();
        List<PrometheusSample> samples = [];
        await Poll.Require(async () =>
        {
            samples = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
            var families = PrometheusText.Families(samples);
            return families.Any(f => f.StartsWith("orleans_storage_read_latency", StringComparison.Ordinal))
                && families.Any(f => f.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(30), () => "families: " + string.Join(' ', PrometheusText.Families(samples).Order()));
    }
}
