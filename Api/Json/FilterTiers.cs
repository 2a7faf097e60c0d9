using System.Text.Json;

namespace Vantage.Api.Json;

/// <summary>
/// NS1 reports a record's <c>tier</c> from its filter chain: 1 without filters, otherwise the highest tier
/// of its filter types (the tiers below are those of NS1's <c>/v1/filtertypes</c> catalogue).
/// </summary>
public static class FilterTiers
{
    /// <summary>Tier of a filter type not in the catalogue (it is stored and skipped when answering).</summary>
    public const int Unknown = 2;

    private static readonly IReadOnlyDictionary<string, int> Tiers = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["up"] = 2, ["priority"] = 2, ["shuffle"] = 2, ["select_first_n"] = 2, ["select_first_region"] = 2,
        ["sticky"] = 2, ["sticky_region"] = 2, ["weighted_sticky"] = 2, ["weighted_shuffle"] = 2,
        ["shed_load"] = 3, ["geotarget_country"] = 3, ["geotarget_regional"] = 3, ["geotarget_latlong"] = 3,
        ["geofence_country"] = 3, ["geofence_regional"] = 3, ["netfence_asn"] = 3, ["netfence_prefix"] = 3,
        ["ipv4_prefix_shuffle"] = 3, ["parse_ipv4"] = 3, ["pulsar"] = 3, ["pulse"] = 3, ["cost"] = 3,
    };

    /// <summary>The tier of a <c>filters</c> array (canonical <c>{"filter": name}</c> entries, see <see cref="FilterChainRequest"/>).</summary>
    public static int Of(string filtersJson)
    {
        using var document = JsonDocument.Parse(filtersJson);
        var tier = 1;
        foreach (var filter in document.RootElement.EnumerateArray())
        {
            if (filter.ValueKind != JsonValueKind.Object || !filter.TryGetProperty("filter", out var name)) continue;
            tier = Math.Max(tier, Tiers.GetValueOrDefault(name.GetString() ?? "", Unknown));
        }
        return tier;
    }
}
