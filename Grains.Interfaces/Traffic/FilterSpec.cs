using System.Collections.Immutable;
using System.Globalization;

namespace Vantage.Traffic;

/// <summary>
/// One parsed, validated entry of a filter chain. <see cref="Options"/> holds the config values normalised to
/// text ("1"/"0" for booleans, invariant numbers), keyed by option name; options not sent are absent (their
/// defaults are applied by the accessors, never written back: the stored chain is echoed as sent).
/// </summary>
public sealed record FilterSpec(string Name, bool Disabled, ImmutableDictionary<string, string> Options)
{
    public bool Flag(string option, bool fallback) =>
        Options.TryGetValue(option, out var v) ? FilterOptionValues.IsTrue(v) : fallback;

    public int Number(string option, int fallback) =>
        Options.TryGetValue(option, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    public string Text(string option, string fallback) => Options.TryGetValue(option, out var v) ? v : fallback;
}

public static class FilterOptionValues
{
    /// <summary>Checkbox values: true, "1", "true" (any case), or a non-zero number.</summary>
    public static bool IsTrue(string value) =>
        value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase)
        || (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d != 0);
}

/// <summary>The filter names the engine runs (NS1's names).</summary>
public static class FilterNames
{
    public const string Up = "up";
    public const string Priority = "priority";
    public const string ShedLoad = "shed_load";
    public const string SelectFirstN = "select_first_n";
    public const string SelectFirstRegion = "select_first_region";
    public const string Shuffle = "shuffle";
    public const string WeightedShuffle = "weighted_shuffle";
    public const string Sticky = "sticky";
    public const string WeightedSticky = "weighted_sticky";
    public const string StickyRegion = "sticky_region";
    public const string Ipv4PrefixShuffle = "ipv4_prefix_shuffle";
    public const string ParseIpv4 = "parse_ipv4";
    public const string GeotargetCountry = "geotarget_country";
    public const string GeotargetRegional = "geotarget_regional";
    public const string GeotargetLatlong = "geotarget_latlong";
    public const string GeofenceCountry = "geofence_country";
    public const string GeofenceRegional = "geofence_regional";
    public const string NetfenceAsn = "netfence_asn";
    public const string NetfencePrefix = "netfence_prefix";
    public const string Cost = "cost";
}
