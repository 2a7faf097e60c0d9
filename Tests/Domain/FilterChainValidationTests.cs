using System.Collections.Immutable;
using System.Linq;
using Vantage.Model;
using Vantage.Traffic;
using Vantage.Validation;
using Xunit;
using static Vantage.Tests.Domain.DomainFixtures;

namespace Vantage.Tests.Domain;

/// <summary>Filter-chain rules with their exact messages, option normalisation and record-type restrictions.</summary>
public class FilterChainValidationTests
{
    private const string OctoDnsChain =
        """[{"filter":"up","config":{}},{"filter":"geofence_country","config":{"remove_no_location":"1"}},{"filter":"select_first_region","config":{}},{"filter":"priority","config":{"eliminate":"1"}},{"filter":"weighted_shuffle","config":{}},{"filter":"select_first_n","config":{"N":"1"}}]""";

    public static TheoryData<string, string?> Cases => new()
    {
        // chain JSON, expected message (null = valid)
        { "[]", null },
        { "", null },
        { OctoDnsChain, null },
        { "{}", "filters must be a JSON array" },
        { "[", "filters must be a JSON array" },
        { "[1]", "filter 1 must be a JSON object" },
        { "[{\"filter\":\"up\"},{\"config\":{}}]", "filter 2 must have a non-empty string \"filter\"" },
        { "[{\"filter\":\"\"}]", "filter 1 must have a non-empty string \"filter\"" },
        { "[{\"filter\":\"up\"},{\"filter\":\"no_such_filter\"}]", "unknown filter no_such_filter" },
        { "[{\"filter\":\"pulsar\",\"config\":{}}]", "filter pulsar is not supported (no RUM data)" },
        { "[{\"filter\":\"pulse\"}]", "filter pulse is not supported (no RUM data)" },
        { "[{\"filter\":\"pulsar_performance_sort\"}]", "filter pulsar_performance_sort is not supported (no RUM data)" },
        { "[{\"filter\":\"up\",\"config\":[]}]", "config of filter 1 (up) must be a JSON object" },
        { "[{\"filter\":\"up\",\"config\":null}]", null },
        // disabled
        { "[{\"filter\":\"up\",\"disabled\":false}]", null },
        { "[{\"filter\":\"up\",\"disabled\":true}]", null },
        { "[{\"filter\":\"up\",\"disabled\":\"1\"}]", null },
        { "[{\"filter\":\"up\",\"disabled\":0}]", null },
        { "[{\"filter\":\"up\"},{\"filter\":\"shuffle\",\"disabled\":\"maybe\"}]", "filter 2 (shuffle): disabled must be a boolean" },
        // unknown options
        { "[{\"filter\":\"select_first_n\",\"config\":{\"foo\":1}}]", "filter 1 (select_first_n): unknown config option foo" },
        { "[{\"filter\":\"up\",\"config\":{\"N\":1}}]", "filter 1 (up): unknown config option N" },
        { "[{\"filter\":\"select_first_n\",\"config\":{\"n\":1}}]", "filter 1 (select_first_n): unknown config option n" },
        // N
        { "[{\"filter\":\"select_first_n\",\"config\":{\"N\":\"1\"}}]", null },
        { "[{\"filter\":\"select_first_n\",\"config\":{\"N\":3}}]", null },
        { "[{\"filter\":\"up\"},{\"filter\":\"select_first_n\",\"config\":{\"N\":0}}]", "filter 2 (select_first_n): config N must be a positive integer" },
        { "[{\"filter\":\"up\"},{\"filter\":\"select_first_n\",\"config\":{\"N\":\"-1\"}}]", "filter 2 (select_first_n): config N must be a positive integer" },
        { "[{\"filter\":\"select_first_n\",\"config\":{\"N\":1.5}}]", "filter 1 (select_first_n): config N must be a positive integer" },
        { "[{\"filter\":\"select_first_n\",\"config\":{\"N\":\"two\"}}]", "filter 1 (select_first_n): config N must be a positive integer" },
        { "[{\"filter\":\"select_first_n\",\"config\":{\"N\":true}}]", "filter 1 (select_first_n): config N must be a positive integer" },
        { "[{\"filter\":\"ipv4_prefix_shuffle\",\"config\":{\"N\":\"4\"}}]", null },
        { "[{\"filter\":\"ipv4_prefix_shuffle\",\"config\":{\"N\":[]}}]", "filter 1 (ipv4_prefix_shuffle): config N must be a positive integer" },
        // checkboxes
        { "[{\"filter\":\"geofence_country\",\"config\":{\"remove_no_location\":true}}]", null },
        { "[{\"filter\":\"geofence_country\",\"config\":{\"remove_no_location\":\"0\"}}]", null },
        { "[{\"filter\":\"geofence_regional\",\"config\":{\"remove_no_georegion\":1}}]", null },
        { "[{\"filter\":\"netfence_asn\",\"config\":{\"remove_no_asn\":\"false\"}}]", null },
        { "[{\"filter\":\"netfence_prefix\",\"config\":{\"remove_no_ip_prefixes\":false}}]", null },
        { "[{\"filter\":\"sticky\",\"config\":{\"sticky_by_network\":\"1\"}}]", null },
        { "[{\"filter\":\"weighted_sticky\",\"config\":{\"sticky_by_network\":true}}]", null },
        { "[{\"filter\":\"sticky_region\",\"config\":{\"sticky_by_network\":0}}]", null },
        { "[{\"filter\":\"priority\",\"config\":{\"eliminate\":\"1\"}}]", null },
        { "[{\"filter\":\"cost\",\"config\":{\"eliminate\":true}}]", null },
        { "[{\"filter\":\"geofence_country\",\"config\":{\"remove_no_location\":\"yes\"}}]", "filter 1 (geofence_country): config remove_no_location must be a boolean (true/false, 1/0 or \"1\"/\"0\")" },
        { "[{\"filter\":\"sticky\",\"config\":{\"sticky_by_network\":2}}]", "filter 1 (sticky): config sticky_by_network must be a boolean (true/false, 1/0 or \"1\"/\"0\")" },
        { "[{\"filter\":\"priority\",\"config\":{\"eliminate\":{}}}]", "filter 1 (priority): config eliminate must be a boolean (true/false, 1/0 or \"1\"/\"0\")" },
        // metric, separator
        { "[{\"filter\":\"shed_load\",\"config\":{\"metric\":\"connections\"}}]", null },
        { "[{\"filter\":\"shed_load\",\"config\":{\"metric\":\"requests\"}}]", null },
        { "[{\"filter\":\"shed_load\",\"config\":{}}]", null },
        { "[{\"filter\":\"shed_load\",\"config\":{\"metric\":\"cpu\"}}]", "filter 1 (shed_load): config metric must be one of loadavg, connections, requests" },
        { "[{\"filter\":\"parse_ipv4\",\"config\":{\"separator\":\"_\"}}]", null },
        { "[{\"filter\":\"parse_ipv4\",\"config\":{\"separator\":\".\"}}]", null },
        { "[{\"filter\":\"parse_ipv4\",\"config\":{\"separator\":\":\"}}]", "filter 1 (parse_ipv4): config separator must be one of - . _" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Chain_rules(string chain, string? expected) => Assert.Equal(expected, FilterChainParser.Parse(chain, out _));

    [Fact]
    public void Options_are_normalised_to_text()
    {
        const string chain = """
            [{"filter":"select_first_n","config":{"N":2}},{"filter":"select_first_n","config":{"N":"3"}},
             {"filter":"geofence_country","config":{"remove_no_location":true}},{"filter":"netfence_asn","config":{"remove_no_asn":"false"}},
             {"filter":"priority","config":{"eliminate":1},"disabled":"1"},{"filter":"shed_load","config":{"metric":"requests"}},
             {"filter":"up"}]
            """;
        Assert.Null(FilterChainParser.Parse(chain, out var specs));
        Assert.Equal(7, specs.Length);
        Assert.Equal("2", specs[0].Options["N"]);
        Assert.Equal(2, specs[0].Number("N", 1));
        Assert.Equal("3", specs[1].Options["N"]);
        Assert.Equal("1", specs[2].Options["remove_no_location"]);
        Assert.Equal("0", specs[3].Options["remove_no_asn"]);
        Assert.False(specs[3].Flag("remove_no_asn", true));
        Assert.True(specs[4].Disabled);
        Assert.Equal("1", specs[4].Options["eliminate"]);
        Assert.Equal("requests", specs[5].Text("metric", "loadavg"));
        Assert.Equal(new FilterSpec("up", false, ImmutableDictionary<string, string>.Empty), specs[6] with { Options = ImmutableDictionary<string, string>.Empty });
        Assert.Empty(specs[6].Options);
    }

    [Fact]
    public void The_octodns_chain_parses_in_order()
    {
        Assert.Null(FilterChainParser.Parse(OctoDnsChain, out var specs));
        Assert.Equal(["up", "geofence_country", "select_first_region", "priority", "weighted_shuffle", "select_first_n"], specs.Select(s => s.Name));
        Assert.All(specs, s => Assert.False(s.Disabled));
    }

    [Fact]
    public void Every_supported_filter_is_in_the_catalogue_with_a_tier()
    {
        var names = typeof(FilterNames).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToArray();
        Assert.Equal(20, names.Length);
        Assert.Equal(names.Order(), FilterCatalog.All.Select(f => f.Name).Order());
        foreach (var name in names)
        {
            Assert.True(FilterTiers.Catalogue.ContainsKey(name), name);
            Assert.Null(FilterChainParser.Parse($$"""[{"filter":"{{name}}","config":{},"disabled":false}]""", out _));
        }
        Assert.Equal(3, FilterTiers.TierOfFilter("cost"));
    }

    public static TheoryData<string, string, string?> RecordTypeCases => new()
    {
        { "[{\"filter\":\"parse_ipv4\",\"config\":{}}]", "A", null },
        { "[{\"filter\":\"parse_ipv4\",\"config\":{}}]", "AAAA", "filter parse_ipv4 applies to A records only" },
        { "[{\"filter\":\"up\"},{\"filter\":\"ipv4_prefix_shuffle\",\"config\":{\"N\":2}}]", "CNAME", "filter ipv4_prefix_shuffle applies to A records only" },
        { "[{\"filter\":\"ipv4_prefix_shuffle\",\"disabled\":true}]", "AAAA", "filter ipv4_prefix_shuffle applies to A records only" },
        { OctoDnsChain, "CNAME", null },
    };

    [Theory]
    [MemberData(nameof(RecordTypeCases))]
    public void Record_type_restrictions(string chain, string type, string? expected)
    {
        Assert.Null(FilterChainParser.Parse(chain, out var specs));
        Assert.Equal(expected, FilterChainParser.CheckRecordType(specs, type));
    }

    [Fact]
    public void Record_validation_checks_the_chain_and_keeps_it_verbatim()
    {
        var www = Record("www.example.com", RecordTypes.A, ["192.0.2.1"]);
        var aaaa = Record("www.example.com", RecordTypes.AAAA, ["2001:db8::1"]);
        Assert.Equal("unknown filter no_such_filter", RecordValidator.ValidateRecord(www with { FiltersJson = "[{\"filter\":\"no_such_filter\"}]" }));
        Assert.Equal("filter parse_ipv4 applies to A records only",
            RecordValidator.ValidateRecord(aaaa with { FiltersJson = "[{\"filter\":\"parse_ipv4\",\"config\":{\"separator\":\"-\"}}]" }));
        var valid = www with { FiltersJson = OctoDnsChain };
        Assert.Null(RecordValidator.ValidateRecord(valid));
        Assert.Equal(OctoDnsChain, valid.FiltersJson);
    }
}
