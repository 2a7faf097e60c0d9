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

    [Fact]
    public void Catalogue_matches_the_recorded_filter_types()
    {
        var path = "/work/shared/reference/ns1_filtertypes_2016.json";
        if (!File.Exists(path)) return;
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        foreach (var filter in doc.RootElement.EnumerateObject())
        {
            Assert.Equal(filter.Value.GetProperty("tier").GetInt32(), FilterTiers.TierOfFilter(filter.Name));
        }
    }
}
