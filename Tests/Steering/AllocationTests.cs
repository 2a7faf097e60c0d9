using Vantage.Steering.Engine;
using Vantage.Steering.Filters;
using Vantage.Traffic;
using static Vantage.Tests.Steering.FilterHarness;

namespace Vantage.Tests.Steering;

public class AllocationTests
{
    [Fact]
    public void A_chain_of_filters_runs_without_allocating()
    {
        var answers = Enumerable.Range(0, 12).Select(i => new SteeringAnswer(i, $"10.0.{i / 4}.{i + 1}", $"region{i % 3}", new MetaValues
        {
            Up = i != 3,
            Priority = i % 2,
            Weight = i + 1,
            Loadavg = i,
            LowWatermark = 4,
            HighWatermark = 10,
            Country = i % 4 == 0 ? null : ["US", "DE"],
            Georegion = [i % 2 == 0 ? Georegion.UsWest : Georegion.Europe],
            Asn = i == 5 ? [64500u] : [15169u],
            IpPrefixes = Prefixes(i % 2 == 0 ? "10.1.0.0/16" : "192.0.2.0/24"),
            Latitude = 10 * i,
            Longitude = -20 * i,
        })).ToArray();
        SteeringFilter[] chain =
        [
            new UpFilter(Spec("up"), answers),
            new ShedLoadFilter(Spec("shed_load"), answers),
            new GeofenceCountryFilter(Spec("geofence_country"), answers),
            new GeofenceRegionalFilter(Spec("geofence_regional", ("remove_no_georegion", "0")), answers),
            new NetfenceAsnFilter(Spec("netfence_asn"), answers),
            new NetfencePrefixFilter(Spec("netfence_prefix"), answers),
            new RankFilter(Spec("priority"), answers),
            new RankFilter(Spec("cost", ("eliminate", "1")), answers),
            new GeotargetCountryFilter(Spec("geotarget_country"), answers),
            new GeotargetRegionalFilter(Spec("geotarget_regional"), answers),
            new GeotargetLatlongFilter(Spec("geotarget_latlong"), answers),
            new ShuffleFilter(Spec("shuffle")),
            new WeightedShuffleFilter(Spec("weighted_shuffle"), answers),
            new StickyFilter(Spec("sticky", ("sticky_by_network", "1")), answers),
            new StickyFilter(Spec("weighted_sticky"), answers),
            new StickyFilter(Spec("sticky_region"), answers),
            new SelectFirstRegionFilter(Spec("select_first_region"), answers),
            new Ipv4PrefixShuffleFilter(Spec("ipv4_prefix_shuffle", ("N", "2")), answers),
            new ParseIpv4Filter(Spec("parse_ipv4"), "*.example.com", 0),
            new SelectFirstNFilter(Spec("select_first_n", ("N", "3"))),
        ];
        var client = Client("10.1.2.3", SanFrancisco, 15169);
        var random = new SeededRandom(1);
        var picks = new Pick[SteeredRecord.MaxPicks];
        var names = new[] { Wire("www.example.com"), Wire("10-1-2-3.example.com") };

        var served = 0;
        var total = 0;
        void RunMany(int runs)
        {
            for (var run = 0; run < runs; run++)
            {
                var count = answers.Length;
                for (var i = 0; i < count; i++) picks[i] = Pick.Of(i);
                var context = new SteeringContext(client, random, names[run & 1]);
                foreach (var filter in chain) filter.Apply(picks, ref count, context);
                served += count;
                total++;
            }
        }

        RunMany(1_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunMany(10_000);
        var after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(before, after);
        Assert.Equal(11_000, total);
        // The chain did work: something is always served (every filter fails open).
        Assert.InRange(served, 11_000, 11_000 * 3);
    }
}
