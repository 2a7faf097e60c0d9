using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Vantage.EdgeDns.Reporting;
using Vantage.Stats;

namespace Vantage.EdgeDns.Stats;

/// <summary>
/// The edge's query metrics (meter <see cref="EdgeMetrics.MeterName"/>): <c>dns.server.queries</c> by response code,
/// transport and edge, read from the query counters when scraped, the sampled answer latency
/// <c>dns.server.answer.duration</c> and the sampled filter-chain time <c>vantage.dns.filter_chain.duration</c>.
/// </summary>
public sealed class EdgeTelemetry : IDisposable
{
    private readonly Meter meter;
    private long[] totals = [];

    public EdgeTelemetry(QueryCounters counters, IOptions<EdgeOptions> options, IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(EdgeMetrics.MeterName + ".Queries") ?? new Meter(EdgeMetrics.MeterName + ".Queries");
        var edge = options.Value.EffectiveId;
        meter.CreateObservableCounter("dns.server.queries", () => Observe(counters, edge), unit: "{query}",
            description: "DNS queries answered, by response code and transport");
        counters.AnswerDuration = meter.CreateHistogram<double>("dns.server.answer.duration", unit: "s",
            description: "Time from a query's parse to its encoded response (one answer in 16 is timed), filter chains included",
            tags: null, advice: SecondsBuckets);
        counters.FilterChainDuration = meter.CreateHistogram<double>("vantage.dns.filter_chain.duration", unit: "s",
            description: "Time spent running a record's filter chain for a steered answer (one run in 16 per thread is timed)",
            tags: null, advice: SecondsBuckets);
    }

    /// <summary>Bucket bounds for durations in seconds, from 1 µs to 1 s (the SDK's default bounds are for milliseconds).</summary>
    public static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    };

    private List<Measurement<long>> Observe(QueryCounters counters, string edge)
    {
        lock (meter)
        {
            totals = counters.Snapshot(totals);
            var cells = new long[QueryCounters.CellsPerKey];
            for (var id = 0; id < counters.KeyCount; id++)
                for (var c = 0; c < cells.Length; c++) cells[c] += totals[id * QueryCounters.CellsPerKey + c];
            var result = new List<Measurement<long>>();
            for (var c = 0; c < cells.Length; c++)
            {
                if (cells[c] == 0) continue;
                var rcode = c / 2;
                result.Add(new Measurement<long>(cells[c],
                    new KeyValuePair<string, object?>("dns.response.code", RcodeNames.Of(rcode == QueryCounters.RcodeCells - 1 ? -1 : rcode)),
                    new KeyValuePair<string, object?>("network.transport", c % 2 == 0 ? "udp" : "tcp"),
                    new KeyValuePair<string, object?>("vantage.edge", edge)));
            }
            return result;
        }
    }

    public void Dispose() => meter.Dispose();

    /// <summary>
    /// OpenTelemetry metrics with a Prometheus scrape endpoint at <c>http://&lt;Address&gt;:&lt;MetricsPort&gt;/metrics</c>
    /// (0 turns it off): the edge's meters, Orleans client meters and the .NET runtime.
    /// </summary>
    public static IServiceCollection AddEdgeTelemetry(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<EdgeTelemetry>();
        var edge = configuration.GetSection(EdgeOptions.Section).Get<EdgeOptions>() ?? new EdgeOptions();
        if (edge.MetricsPort <= 0) return services;
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(EdgeMetrics.MeterName, EdgeMetrics.MeterName + ".Queries", "Microsoft.Orleans")
            .AddRuntimeInstrumentation()
            .AddPrometheusHttpListener(o =>
            {
                o.Host = edge.Address;
                o.Port = edge.MetricsPort;
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            }));
        return services;
    }
}
