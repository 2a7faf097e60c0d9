using System.Collections.Immutable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Vantage.EdgeDns.Reporting;
using Vantage.Grains;
using Vantage.Grains.Edges;
using Xunit;

namespace Vantage.Tests.Grains;

/// <summary>Edges report deltas against the last acknowledged report; the registry merges them and prunes silent edges.</summary>
public sealed class EdgeRegistryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static EdgeReport Full(string edge, DateTimeOffset at, IReadOnlyDictionary<string, long> zones) => new()
    {
        EdgeId = edge,
        StartedAt = T0,
        ReportedAt = at,
        Zones = zones.ToImmutableDictionary(StringComparer.Ordinal),
    };

    [Fact]
    public void Deltas_carry_only_changed_and_removed_zones_and_merge_into_the_full_picture()
    {
        var registry = new EdgeRegistry();
        var deltas = new EdgeReportDeltas();
        var zones = Enumerable.Range(0, 1000).ToDictionary(i => "z" + i + ".test", _ => 1L, StringComparer.Ordinal);

        var first = deltas.Next(Full("e1", T0, zones));
        Assert.False(first.IsDelta);
        Assert.Equal(1000, first.Zones.Count);
        deltas.Acknowledged(registry.Report(first));

        // Nothing changed: an empty delta.
        var quiet = deltas.Next(Full("e1", T0.AddSeconds(5), zones));
        Assert.True(quiet.IsDelta);
        Assert.Empty(quiet.Zones);
        Assert.Empty(quiet.RemovedZones);
        deltas.Acknowledged(registry.Report(quiet));

        zones["z7.test"] = 2;
        zones.Remove("z8.test");
        zones["new.test"] = 1;
        var delta = deltas.Next(Full("e1", T0.AddSeconds(10), zones));
        Assert.True(delta.IsDelta);
        Assert.Equal(["new.test=1", "z7.test=2"], delta.Zones.Select(z => z.Key + "=" + z.Value).Order(StringComparer.Ordinal));
        Assert.Equal(["z8.test"], delta.RemovedZones.AsEnumerable());
        Assert.Equal(quiet.Sequence, delta.BaseSequence);
        var ack = registry.Report(delta);
        Assert.True(ack.Accepted);
        deltas.Acknowledged(ack);

        var listed = Assert.Single(registry.List());
        Assert.False(listed.IsDelta);
        Assert.Equal(zones.OrderBy(z => z.Key, StringComparer.Ordinal), listed.Zones.OrderBy(z => z.Key, StringComparer.Ordinal));
        Assert.Equal(T0.AddSeconds(10), listed.ReportedAt);
    }

    [Fact]
    public void A_registry_that_lost_the_base_asks_for_a_full_report_and_a_lost_answer_is_recovered()
    {
        var deltas = new EdgeReportDeltas();
        var zones = new Dictionary<string, long>(StringComparer.Ordinal) { ["a.test"] = 1, ["b.test"] = 1 };
        var registry = new EdgeRegistry();
        deltas.Acknowledged(registry.Report(deltas.Next(Full("e1", T0, zones))));

        // The registry restarted: it does not know the base of the next delta.
        registry = new EdgeRegistry();
        zones["a.test"] = 2;
        var delta = deltas.Next(Full("e1", T0.AddSeconds(5), zones));
        var ack = registry.Report(delta);
        Assert.False(ack.Accepted);
        Assert.True(ack.FullReportWanted);
        deltas.Acknowledged(ack);
        var full = deltas.Next(Full("e1", T0.AddSeconds(5), zones));
        Assert.False(full.IsDelta);
        deltas.Acknowledged(registry.Report(full));
        Assert.Equal(2, Assert.Single(registry.List()).Zones["a.test"]);

        // A report the registry took in but whose answer was lost: the next delta's base no longer matches.
        zones["b.test"] = 3;
        registry.Report(deltas.Next(Full("e1", T0.AddSeconds(10), zones)));
        deltas.Failed();
        zones["b.test"] = 4;
        var stale = deltas.Next(Full("e1", T0.AddSeconds(15), zones));
        Assert.True(registry.Report(stale).FullReportWanted);

        // A reconnect asks for a full report too.
        deltas.RequestFull();
        Assert.False(deltas.Next(Full("e1", T0.AddSeconds(20), zones)).IsDelta);
    }

    [Fact]
    public void Pruning_forgets_only_edges_silent_since_the_cut_off()
    {
        var registry = new EdgeRegistry();
        registry.Report(Full("old", T0, new Dictionary<string, long>()));
        registry.Report(Full("fresh", T0.AddMinutes(9), new Dictionary<string, long>()));
        Assert.Equal(1, registry.Prune(T0.AddMinutes(5)));
        Assert.Equal(["fresh"], registry.List().Select(e => e.EdgeId));
    }

    [Fact]
    public async Task The_registry_grain_prunes_silent_edges_on_its_timer()
    {
        var time = new FakeTimeProvider(T0);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"{EdgeRegistryOptions.Section}:PruneAfter"] = "00:10:00",
                    [$"{EdgeRegistryOptions.Section}:PruneInterval"] = "00:00:01",
                })
                .Build();
            silo.Services.AddVantageGrains(configuration);
            silo.Services.AddSingleton<TimeProvider>(time);
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<IEdgeRegistryGrain>(GrainKeys.Directory);

        Assert.True((await grain.Report(Full("quiet", T0, new Dictionary<string, long> { ["a.test"] = 1 }))).Accepted);
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.True((await grain.Report(Full("busy", time.GetUtcNow(), new Dictionary<string, long> { ["a.test"] = 1 }))).Accepted);
        // Past the quiet edge's limit but not the busy one's; the grain's timer (every second) notices.
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.True(await Poll.Until(async () => (await grain.List()).Length == 1, TimeSpan.FromSeconds(20)));
        Assert.Equal(["busy"], (await grain.List()).Select(e => e.EdgeId));
    }
}
