using Vantage.Steering.Engine;
using Vantage.Steering.Filters;
using Vantage.Traffic;
using static Vantage.Tests.Steering.FilterHarness;

namespace Vantage.Tests.Steering;

/// <summary>ipv4_prefix_shuffle and parse_ipv4: filters that make up A records.</summary>
public class AddressFilterTests
{
    private static IpPrefix Prefix(string text) => Prefixes(text)[0];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void Ipv4_prefix_shuffle_replaces_answers_with_n_distinct_addresses_from_their_prefixes(int n)
    {
        var answers = Answers(
            new MetaValues { IpPrefixes = Prefixes("203.0.113.0/24") },
            MetaValues.Empty,
            new MetaValues { IpPrefixes = Prefixes("198.51.100.0/28", "192.0.2.128/25") });
        var filter = new Ipv4PrefixShuffleFilter(Spec("ipv4_prefix_shuffle", ("N", n.ToString())), answers);
        var random = new SeededRandom(17);
        for (var run = 0; run < 500; run++)
        {
            var picks = RunPicks(3, Nobody, random, null, filter);
            Assert.Equal(2 * n + 1, picks.Length);
            Assert.All(picks[..n], p => Assert.True(p.Synthesized && p.Answer == 0 && Prefix("203.0.113.0/24").Contains(false, p.Address), Dotted(p.Address)));
            Assert.Equal(new Pick { Answer = 1 }, picks[n]);
            Assert.All(picks[(n + 1)..], p => Assert.True(
                p.Synthesized && p.Answer == 2 && (Prefix("198.51.100.0/28").Contains(false, p.Address) || Prefix("192.0.2.128/25").Contains(false, p.Address)),
                Dotted(p.Address)));
            Assert.Equal(picks.Length, picks.Select(p => p.Synthesized ? p.Address : uint.MaxValue - p.Answer).Distinct().Count());
        }
    }

    [Fact]
    public void Ipv4_prefix_shuffle_draws_from_every_prefix_and_host()
    {
        var answers = Answers(new MetaValues { IpPrefixes = Prefixes("198.51.100.0/30", "203.0.113.8/31") });
        var filter = new Ipv4PrefixShuffleFilter(Spec("ipv4_prefix_shuffle"), answers);
        var random = new SeededRandom(3);
        var seen = new HashSet<string>();
        for (var run = 0; run < 500; run++) seen.Add(Dotted(Assert.Single(RunPicks(1, Nobody, random, null, filter)).Address));
        Assert.Equal(["198.51.100.0", "198.51.100.1", "198.51.100.2", "198.51.100.3", "203.0.113.8", "203.0.113.9"], seen.Order());
    }

    [Fact]
    public void Ipv4_prefix_shuffle_with_a_host_prefix_gives_that_address_once()
    {
        var answers = Answers(new MetaValues { IpPrefixes = Prefixes("203.0.113.77/32") });
        var picks = RunPicks(1, Nobody, new SeededRandom(1), null, new Ipv4PrefixShuffleFilter(Spec("ipv4_prefix_shuffle", ("N", "3")), answers));
        Assert.Equal(0xCB00714Du, Assert.Single(picks).Address);
    }

    [Fact]
    public void Ipv4_prefix_shuffle_ignores_ipv6_prefixes()
    {
        var answers = Answers(new MetaValues { IpPrefixes = Prefixes("2001:db8::/32") }, new MetaValues { IpPrefixes = Prefixes("2001:db8::/32", "192.0.2.0/24") });
        var picks = RunPicks(2, Nobody, new SeededRandom(1), null, new Ipv4PrefixShuffleFilter(Spec("ipv4_prefix_shuffle"), answers));
        Assert.Equal(2, picks.Length);
        Assert.Equal(new Pick { Answer = 0 }, picks[0]);
        Assert.True(picks[1].Synthesized && Prefix("192.0.2.0/24").Contains(false, picks[1].Address));
    }

    [Fact]
    public void Ipv4_prefix_shuffle_gives_n_addresses_even_when_a_draw_repeats()
    {
        // The first two draws pick the same host (.5); the filter draws again rather than serving fewer than N.
        // (One draw per address: uniform over the /24's 256 addresses.)
        var answers = Answers(new MetaValues { IpPrefixes = Prefixes("192.0.2.0/24") });
        var random = new FixedRandom(5.5 / 256, 5.5 / 256, 9.5 / 256);
        var picks = RunPicks(1, Nobody, random, null, new Ipv4PrefixShuffleFilter(Spec("ipv4_prefix_shuffle", ("N", "2")), answers));
        Assert.Equal(["192.0.2.5", "192.0.2.9"], picks.Select(p => Dotted(p.Address)));
    }

    [Fact]
    public void Ipv4_prefix_shuffle_over_many_seeds_always_gives_n_addresses()
    {
        var answers = Answers(new MetaValues { IpPrefixes = Prefixes("192.0.2.0/26") });
        var filter = new Ipv4PrefixShuffleFilter(Spec("ipv4_prefix_shuffle", ("N", "8")), answers);
        for (var seed = 0; seed < 1_000; seed++)
        {
            var picks = RunPicks(1, Nobody, new SeededRandom(seed), null, filter);
            Assert.Equal(8, picks.Select(p => p.Address).Distinct().Count());
        }
    }

    [Fact]
    public void Ipv4_prefix_shuffle_cannot_give_more_addresses_than_the_prefixes_hold()
    {
        var answers = Answers(new MetaValues { IpPrefixes = Prefixes("192.0.2.4/31") });
        var picks = RunPicks(1, Nobody, new SeededRandom(8), null, new Ipv4PrefixShuffleFilter(Spec("ipv4_prefix_shuffle", ("N", "5")), answers));
        Assert.Equal(["192.0.2.4", "192.0.2.5"], picks.Select(p => Dotted(p.Address)).Order());
    }

    [Theory]
    [InlineData("11-22-33-44.w.example.com", "-", 0x0B16212Cu)]
    [InlineData("11_22_33_44.w.example.com", "_", 0x0B16212Cu)]
    [InlineData("11.22.33.44.w.example.com", ".", 0x0B16212Cu)]
    [InlineData("1.2.3.4.w.example.com", ".", 0x01020304u)]
    [InlineData("0-0-0-0.w.example.com", "-", 0x00000000u)]
    [InlineData("255-255-255-255.w.example.com", "-", 0xFFFFFFFFu)]
    [InlineData("010-001-000-099.w.example.com", "-", 0x0A010063u)]
    public void Parse_ipv4_answers_with_the_address_in_the_query_name(string name, string separator, uint address)
    {
        var answers = Texts("192.0.2.1", "192.0.2.2", "192.0.2.3");
        // NS1: the address is added after the record's answers, as an answer without meta (slot 3 here).
        var picks = RunPicks(3, Nobody, null, Wire(name), new ParseIpv4Filter(Spec("parse_ipv4", ("separator", separator)), Wildcard, 3));
        Assert.Equal([Pick.Of(0), Pick.Of(1), Pick.Of(2), new Pick { Answer = 3, Synthesized = true, Address = address }], picks);
    }

    [Fact]
    public void Parse_ipv4_separator_defaults_to_dash()
    {
        var picks = RunPicks(2, Nobody, null, Wire("11-22-33-44.w.example.com"), new ParseIpv4Filter(Spec("parse_ipv4"), Wildcard, 2));
        Assert.Equal(0x0B16212Cu, picks[^1].Address);
    }

    [Theory]
    [InlineData("www.w.example.com", "-")]
    [InlineData("1-2-3-256.w.example.com", "-")]
    [InlineData("1-2-3.w.example.com", "-")]
    [InlineData("1-2-3-4-5.w.example.com", "-")]
    [InlineData("1--2-3.w.example.com", "-")]
    [InlineData("-1-2-3-4.w.example.com", "-")]
    [InlineData("1-2-3-4-.w.example.com", "-")]
    [InlineData("1-2-3-4a.w.example.com", "-")]
    [InlineData("1-2-3-1000.w.example.com", "-")]
    [InlineData("11-22-33-44.w.example.com", "_")]
    [InlineData("11_22_33_44.w.example.com", "-")]
    [InlineData("11-22-33-44.w.example.com", ".")]
    [InlineData("a.11-22-33-44.w.example.com", "-")]
    [InlineData("1.2.3.w.example.com", ".")]
    [InlineData("1.2.3.4.5.w.example.com", ".")]
    [InlineData("1.2.3.256.w.example.com", ".")]
    [InlineData("w.example.com", "-")]
    public void Parse_ipv4_leaves_answers_alone_when_the_name_is_not_an_address(string name, string separator)
    {
        var picks = RunPicks(3, Nobody, null, Wire(name), new ParseIpv4Filter(Spec("parse_ipv4", ("separator", separator)), Wildcard, 3));
        Assert.Equal([Pick.Of(0), Pick.Of(1), Pick.Of(2)], picks);
    }

    [Fact]
    public void Parse_ipv4_leaves_answers_alone_for_an_empty_or_truncated_name()
    {
        var filter = new ParseIpv4Filter(Spec("parse_ipv4", ("separator", ".")), Wildcard, 2);
        Assert.Equal(2, RunPicks(2, Nobody, null, [], filter).Length);
        Assert.Equal(2, RunPicks(2, Nobody, null, [1, (byte)'1', 1, (byte)'2'], filter).Length);
        Assert.Equal(2, RunPicks(2, Nobody, null, [7, (byte)'1', (byte)'-', (byte)'2'], new ParseIpv4Filter(Spec("parse_ipv4"), Wildcard, 2)).Length);
    }

    [Fact]
    public void Parse_ipv4_on_an_empty_set_adds_the_address()
    {
        Assert.Equal([Pick.Made(0, 0x01020304u)], RunPicks(0, Nobody, null, Wire("1-2-3-4.w.example.com"), new ParseIpv4Filter(Spec("parse_ipv4"), Wildcard, 0)));
    }

    [Fact]
    public void Parse_ipv4_on_a_record_that_is_not_a_wildcard_does_nothing()
    {
        Assert.Equal([Pick.Of(0)], RunPicks(1, Nobody, null, Wire("1-2-3-4.w.example.com"), new ParseIpv4Filter(Spec("parse_ipv4"), "www.w.example.com", 1)));
    }

    private const string Wildcard = "*.w.example.com";
}
