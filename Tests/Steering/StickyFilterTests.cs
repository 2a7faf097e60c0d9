using Vantage.Steering.Engine;
using Vantage.Steering.Filters;
using Vantage.Traffic;
using static Vantage.Tests.Steering.FilterHarness;

namespace Vantage.Tests.Steering;

/// <summary>sticky, weighted_sticky and sticky_region.</summary>
public class StickyFilterTests
{
    private const int Networks = 10_000;

    private static SteeringClient V4(uint address) => SteeringClient.FromNumber(false, address, 32, false);

    /// <summary>Distinct random client addresses, each in its own /24.</summary>
    private static uint[] RandomNetworks(int seed, int count)
    {
        var random = new Random(seed);
        var seen = new HashSet<uint>();
        var result = new List<uint>();
        while (result.Count < count)
        {
            var address = (uint)random.NextInt64(0x01000000, 0xE0000000);
            if (seen.Add(address >> 8)) result.Add(address);
        }
        return result.ToArray();
    }

    private static string Order(SteeringFilter filter, SteeringAnswer[] answers, SteeringClient client) =>
        string.Join(" ", RunTexts(filter, answers, client));

    [Theory]
    [InlineData("sticky")]
    [InlineData("weighted_sticky")]
    [InlineData("sticky_region")]
    public void The_same_client_gets_the_same_order_every_time(string name)
    {
        var answers = Enumerable.Range(0, 6)
            .Select(i => new SteeringAnswer(i, $"10.0.0.{i + 1}", $"r{i % 3}", new MetaValues { Weight = i + 1 }))
            .ToArray();
        var filter = new StickyFilter(Spec(name), answers);
        foreach (var address in RandomNetworks(1, 200))
        {
            var first = Order(filter, answers, V4(address));
            // A filter built again from the same answers (a new record version) agrees, and so does a shuffled random.
            var again = new StickyFilter(Spec(name), answers);
            for (var run = 0; run < 5; run++)
            {
                Assert.Equal(first, Order(filter, answers, V4(address)));
                Assert.Equal(first, string.Join(" ", RunTexts(again, answers, V4(address), new SeededRandom(run))));
            }
        }
    }

    [Theory]
    [InlineData("sticky")]
    [InlineData("weighted_sticky")]
    [InlineData("sticky_region")]
    public void Different_clients_get_varying_orders(string name)
    {
        var answers = Enumerable.Range(0, 4)
            .Select(i => new SteeringAnswer(i, $"10.0.0.{i + 1}", $"r{i}", MetaValues.Empty))
            .ToArray();
        var filter = new StickyFilter(Spec(name), answers);
        var orders = RandomNetworks(2, 500).Select(a => Order(filter, answers, V4(a))).ToList();
        Assert.All(orders, o => Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"], o.Split(' ').Order()));
        // 4! = 24 orders, each about 500/24 ≈ 21 times: all of them show up.
        Assert.Equal(24, orders.Distinct().Count());
        var firsts = orders.GroupBy(o => o.Split(' ')[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, firsts.Count);
        Assert.All(firsts.Values, n => Assert.InRange(n, 75, 175));
    }

    [Fact]
    public void Sticky_without_a_client_address_leaves_the_order()
    {
        var answers = Texts("10.0.0.1", "10.0.0.2", "10.0.0.3");
        Assert.Equal([0, 1, 2], Run(new StickyFilter(Spec("sticky"), answers), answers, new SteeringClient()));
    }

    [Fact]
    public void Sticky_by_network_gives_the_same_order_to_a_slash_24()
    {
        var answers = Texts("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5");
        var filter = new StickyFilter(Spec("sticky", ("sticky_by_network", "1")), answers);
        Assert.Equal(Order(filter, answers, Client("10.1.2.3")), Order(filter, answers, Client("10.1.2.200")));
    }

    [Theory]
    [InlineData("sticky")]
    [InlineData("weighted_sticky")]
    [InlineData("sticky_region")]
    public void Slash_24_mates_always_agree_with_sticky_by_network_and_sometimes_differ_without(string name)
    {
        var answers = Enumerable.Range(0, 5)
            .Select(i => new SteeringAnswer(i, $"10.0.0.{i + 1}", $"r{i}", MetaValues.Empty))
            .ToArray();
        var on = new StickyFilter(Spec(name, ("sticky_by_network", "1")), answers);
        var off = new StickyFilter(Spec(name, ("sticky_by_network", "0")), answers);
        var random = new Random(3);
        var disagreeOff = 0;
        const int Pairs = 1_000;
        foreach (var address in RandomNetworks(3, Pairs))
        {
            var mate = (address & 0xFFFFFF00) | (uint)random.Next(256);
            if (mate == address) mate ^= 0x80;
            Assert.Equal(Order(on, answers, V4(address)), Order(on, answers, V4(mate)));
            if (Order(off, answers, V4(address)) != Order(off, answers, V4(mate))) disagreeOff++;
        }
        // Two unrelated orders of 5 answers agree 1 time in 120.
        Assert.InRange(disagreeOff, Pairs * 9 / 10, Pairs);
    }

    [Fact]
    public void Adding_an_answer_moves_only_about_one_in_five_networks_and_only_to_the_new_answer()
    {
        var four = Texts("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4");
        var five = Texts("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5");
        var before = new StickyFilter(Spec("sticky"), four);
        var after = new StickyFilter(Spec("sticky"), five);
        var changed = 0;
        foreach (var address in RandomNetworks(4, Networks))
        {
            var was = RunTexts(before, four, V4(address))[0];
            var now = RunTexts(after, five, V4(address))[0];
            if (was == now) continue;
            changed++;
            Assert.Equal("10.0.0.5", now);
        }
        Assert.InRange(changed / (double)Networks, 0.2 - 0.03, 0.2 + 0.03);
    }

    [Fact]
    public void Removing_an_answer_moves_only_the_networks_that_had_it_first()
    {
        var four = Texts("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4");
        var three = Texts("10.0.0.1", "10.0.0.3", "10.0.0.4");
        var before = new StickyFilter(Spec("sticky"), four);
        var after = new StickyFilter(Spec("sticky"), three);
        var moved = 0;
        foreach (var address in RandomNetworks(5, Networks))
        {
            var was = RunTexts(before, four, V4(address));
            var now = RunTexts(after, three, V4(address));
            // The remaining answers keep their relative order, so only the removed answer's networks change first answer.
            Assert.Equal(was.Where(t => t != "10.0.0.2"), now);
            if (was[0] == "10.0.0.2") moved++;
        }
        Assert.InRange(moved / (double)Networks, 0.25 - 0.03, 0.25 + 0.03);
    }

    [Fact]
    public void Weighted_sticky_first_places_follow_the_weights_and_stay_per_client()
    {
        var answers = new[]
        {
            new SteeringAnswer(0, "10.0.0.1", null, new MetaValues { Weight = 1 }),
            new SteeringAnswer(1, "10.0.0.2", null, new MetaValues { Weight = 3 }),
        };
        var filter = new StickyFilter(Spec("weighted_sticky"), answers);
        var firstHeavy = 0;
        foreach (var address in RandomNetworks(6, Networks))
        {
            var order = Run(filter, answers, V4(address));
            Assert.Equal(order, Run(filter, answers, V4(address)));
            if (order[0] == 1) firstHeavy++;
        }
        Assert.InRange(firstHeavy / (double)Networks, 0.75 - 0.03, 0.75 + 0.03);
    }

    [Fact]
    public void Weighted_sticky_never_puts_weight_zero_first_while_a_positive_weight_exists()
    {
        var answers = new[]
        {
            new SteeringAnswer(0, "10.0.0.1", null, new MetaValues { Weight = 0 }),
            new SteeringAnswer(1, "10.0.0.2", null, new MetaValues { Weight = 0.01 }),
            new SteeringAnswer(2, "10.0.0.3", null, new MetaValues { Weight = 0 }),
        };
        var filter = new StickyFilter(Spec("weighted_sticky"), answers);
        foreach (var address in RandomNetworks(7, 1_000)) Assert.Equal([1, 0, 2], Run(filter, answers, V4(address)));
    }

    [Fact]
    public void Plain_sticky_ignores_weights()
    {
        var answers = new[]
        {
            new SteeringAnswer(0, "10.0.0.1", null, new MetaValues { Weight = 1 }),
            new SteeringAnswer(1, "10.0.0.2", null, new MetaValues { Weight = 9 }),
        };
        var filter = new StickyFilter(Spec("sticky"), answers);
        var firstHeavy = RandomNetworks(8, Networks).Count(a => Run(filter, answers, V4(a))[0] == 1);
        Assert.InRange(firstHeavy / (double)Networks, 0.5 - 0.03, 0.5 + 0.03);
    }

    [Fact]
    public void Sticky_region_keeps_each_regions_answers_together_in_their_order()
    {
        string[] regions = ["east", "west", "east", "eu", "west", "eu", "east"];
        var answers = regions.Select((r, i) => new SteeringAnswer(i, $"10.0.0.{i + 1}", r, MetaValues.Empty)).ToArray();
        var filter = new StickyFilter(Spec("sticky_region"), answers);
        var regionOrders = new HashSet<string>();
        foreach (var address in RandomNetworks(9, 300))
        {
            var order = Run(filter, answers, V4(address));
            Assert.Equal(order, Run(filter, answers, V4(address)));
            Assert.Equal(Enumerable.Range(0, 7), order.Order());
            // Runs of one region: exactly three runs, each region's answers ascending (their order before the filter).
            var runs = new List<string>();
            foreach (var i in order) if (runs.Count == 0 || runs[^1] != regions[i]) runs.Add(regions[i]);
            Assert.Equal(3, runs.Count);
            Assert.Equal(3, runs.Distinct().Count());
            foreach (var region in runs)
            {
                var members = order.Where(i => regions[i] == region).ToArray();
                Assert.Equal(members.Order(), members);
            }
            regionOrders.Add(string.Join(",", runs));
        }
        Assert.Equal(6, regionOrders.Count);
    }
}
