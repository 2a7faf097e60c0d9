using System.Text.Json;

namespace Vantage.Validation;

/// <summary>
/// The tier NS1 reports for a record: 1 without an active filter chain, otherwise the highest tier of
/// its enabled filters (2 = basic traffic management, 3 = geo/network/telemetry). Tiers follow NS1's
/// <c>/v1/filtertypes</c> catalogue; filters it does not list count as tier 2.
/// </summary>
public static class FilterTiers
{
    public const int Plain = 1;
    public const int UnknownFilter = 2;

    /// <summary>Filter name → tier, per NS1's filter-type catalogue.</summary>
    public static readonly IReadOnlyDictionary<string, int> Catalogue = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["up"] = 2,
        ["priority"] = 2,
        ["shuffle"] = 2,
        ["weighted_shuffle"] = 2,
        ["select_first_n"] = 2,
        ["select_first_region"] = 2,
        ["sticky"] = 2,
        ["weighted_sticky"] = 2,
        ["sticky_region"] = 2,
        ["shed_load"] = 3,
        ["geotarget_country"] = 3,
        ["geotarget_regional"] = 3,
        ["geotarget_latlong"] = 3,
        ["geofence_country"] = 3,
        ["geofence_regional"] = 3,
        ["netfence_asn"] = 3,
        ["netfence_prefix"] = 3,
        ["ipv4_prefix_shuffle"] = 3,
        ["parse_ipv4"] = 3,
        ["cost"] = 3,
        ["pulsar"] = 3,
        ["pulse"] = 3,
    };

    /// <summary>Tier of one filter by name.</summary>
    public static int TierOfFilter(string name) => Catalogue.TryGetValue(name, out var tier) ? tier : UnknownFilter;

    /// <summary>
    /// Tier of a filter chain given as JSON (<c>[{"filter":"up","config":{},"disabled":false}, …]</c>).
    /// Disabled filters (<c>disabled</c> true, "true" or "1", or 1) do not count; invalid JSON counts as no chain.
    /// </summary>
    public static int TierOf(string? filtersJson)
    {
        if (string.IsNullOrWhiteSpace(filtersJson)) return Plain;
        try
        {
            using var doc = JsonDocument.Parse(filtersJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return Plain;
            var tier = Plain;
            foreach (var filter in doc.RootElement.EnumerateArray())
            {
                if (filter.ValueKind != JsonValueKind.Object || IsDisabled(filter)) continue;
                var name = filter.TryGetProperty("filter", out var n) && n.ValueKind == JsonValueKind.String
                    ? n.GetString() ?? string.Empty
                    : string.Empty;
                tier = Math.Max(tier, TierOfFilter(name));
            }
            return tier;
        }
        catch (JsonException)
        {
            return Plain;
        }
    }

    private static bool IsDisabled(JsonElement filter)
    {
        if (!filter.TryGetProperty("disabled", out var disabled)) return false;
        return disabled.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => disabled.GetString() is "1" or "true" or "True",
            JsonValueKind.Number => disabled.TryGetInt64(out var v) && v != 0,
            _ => false,
        };
    }
}
