using Xunit;
using Vantage.Validation;

namespace Vantage.Tests.Domain;

public class FilterTiersTests
{
    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 1)]
    [InlineData("[]", 1)]
    [InlineData("not json", 1)]
    [InlineData("{}", 1)]
    [InlineData("[{\"filter\":\"up\",\"config\":{}}]", 2)]
    [InlineData("[{\"filter\":\"up\"},{\"filter\":\"select_first_n\",\"config\":{\"N\":1}}]", 2)]
    [InlineData("[{\"filter\":\"up\"},{\"filter\":\"geotarget_country\"},{\"filter\":\"select_first_n\"}]", 3)]
    [InlineData("[{\"filter\":\"shed_load\"}]", 3)]
    [InlineData("[{\"filter\":\"netfence_asn\"}]", 3)]
    [InlineData("[{\"filter\":\"geotarget_country\",\"disabled\":true}]", 1)]
    [InlineData("[{\"filter\":\"geotarget_country\",\"disabled\":\"1\"},{\"filter\":\"up\",\"disabled\":false}]", 2)]
    [InlineData("[{\"filter\":\"geotarget_country\",\"disabled\":1}]", 1)]
    [InlineData("[{\"filter\":\"brand_new_filter\"}]", 2)]
    [InlineData("[{\"filter\":\"GEOFENCE_REGIONAL\"}]", 3)]
    [InlineData("[{\"config\":{}}]", 2)]
    public void Tier_of_a_chain(string? filtersJson, int expected) => Assert.Equal(expected, FilterTiers.TierOf(filtersJson));

    /// <summary>Every filter of NS1's recorded /v1/filtertypes catalogue (ns1_filtertypes_2016.json) with its tier.</summary>
    [Theory]
    [InlineData("geofence_country", 3)]
    [InlineData("geofence_regional", 3)]
    [InlineData("geotarget_country", 3)]
    [InlineData("geotarget_latlong", 3)]
    [InlineData("geotarget_regional", 3)]
    [InlineData("ipv4_prefix_shuffle", 3)]
    [InlineData("netfence_asn", 3)]
    [InlineData("netfence_prefix", 3)]
    [InlineData("parse_ipv4", 3)]
    [InlineData("priority", 2)]
    [InlineData("pulsar", 3)]
    [InlineData("pulse", 3)]
    [InlineData("select_first_n", 2)]
    [InlineData("select_first_region", 2)]
    [InlineData("shed_load", 3)]
    [InlineData("shuffle", 2)]
    [InlineData("sticky", 2)]
    [InlineData("sticky_region", 2)]
    [InlineData("up", 2)]
    [InlineData("weighted_shuffle", 2)]
    [InlineData("weighted_sticky", 2)]
    public void Catalogue_matches_the_recorded_filter_types(string filter, int tier) =>
        Assert.Equal(tier, FilterTiers.TierOfFilter(filter));
}
