using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Vantage.Traffic;

/// <summary>How a filter config option is validated.</summary>
public enum FilterOptionKind
{
    /// <summary>An integer ≥ 1 (NS1 validator "number").</summary>
    PositiveInteger,
    /// <summary>On/off: true/false, 1/0, "1"/"0", "true"/"false" (NS1 validator "checkbox").</summary>
    Checkbox,
    /// <summary>One of loadavg, connections, requests.</summary>
    Metric,
    /// <summary>One of "-", "." or "_" (NS1 validator "domain_separator").</summary>
    Separator,
}

/// <summary>One config option of a filter, as <c>/v1/filtertypes</c> describes it.</summary>
public sealed record FilterOptionInfo(string Name, FilterOptionKind Kind, string Default, string ShortDesc, string Desc)
{
    /// <summary>NS1's validator name for the kind.</summary>
    public string Validator => Kind switch
    {
        FilterOptionKind.PositiveInteger => "number",
        FilterOptionKind.Checkbox => "checkbox",
        FilterOptionKind.Separator => "domain_separator",
        _ => "text",
    };

    /// <summary>NS1's UI type for the kind.</summary>
    public string Type => Kind switch
    {
        FilterOptionKind.PositiveInteger => "number",
        FilterOptionKind.Checkbox => "checkbox",
        _ => "text",
    };
}

/// <summary>One filter the engine runs: the meta keys it reads, its options and the record types it applies to.</summary>
public sealed record FilterInfo(
    string Name, string ShortDesc, string Desc, ImmutableArray<string> Inputs, ImmutableArray<FilterOptionInfo> Options,
    ImmutableArray<string> RecordTypes)
{
    public FilterOptionInfo? Option(string name)
    {
        foreach (var option in Options)
        {
            if (option.Name == name) return option;
        }
        return null;
    }
}

/// <summary>
/// The filters of <see cref="FilterNames"/> with their options and descriptions of what this engine does.
/// The chain parser validates against it and <c>GET /v1/filtertypes</c> publishes it.
/// </summary>
public static class FilterCatalog
{
    private const string NetworkOrClient =
        " The client address is the EDNS Client Subnet when the resolver sends one and the record has use_client_subnet on, otherwise the resolver's address.";

    private const string FenceFallback =
        " If the fence would remove every answer, the filter passes all answers on unchanged, so a query is never left without an answer.";

    private static FilterOptionInfo StickyByNetwork() => new(
        "sticky_by_network", FilterOptionKind.Checkbox, "0", "Stick per network instead of per address",
        "When on, the hash uses the client's network (the /24 of an IPv4 address, the /44 of an IPv6 address) instead of the full address, so all clients of one network see the same order.");

    private static FilterOptionInfo Eliminate(string key) => new(
        "eliminate", FilterOptionKind.Checkbox, "0", $"Keep only the lowest {key} instead of sorting",
        $"When on, only the answers sharing the lowest {key} value are kept.");

    private static FilterOptionInfo RemoveNo(string option, string key) => new(
        option, FilterOptionKind.Checkbox, "1", $"Remove answers without {key} when any answer matches",
        $"When on and at least one answer's {key} matches the client, answers without {key} are removed as well. When off, answers without {key} always stay. When nothing matches, answers without {key} are the fallback either way.");

    private static FilterInfo Filter(string name, string shortDesc, string desc, string[]? inputs = null,
        FilterOptionInfo[]? options = null, string[]? recordTypes = null) =>
        new(name, shortDesc, desc, [.. inputs ?? []], [.. options ?? []], [.. recordTypes ?? []]);

    /// <summary>Every supported filter, in a stable order.</summary>
    public static readonly ImmutableArray<FilterInfo> All =
    [
        Filter(FilterNames.Up, "Keep the answers that are up",
            "Keeps the answers whose up meta is true (true, 1 or \"1\"). An answer without up counts as up; an up given by a feed uses the feed's latest value. If every answer is down, the filter passes all answers on (fail open), so the record still answers.",
            inputs: ["up"]),
        Filter(FilterNames.Priority, "Order answers by priority, or keep the best priority",
            "Sorts the answers by their priority meta, lowest (most preferred) first; the sort is stable, so answers with equal priority keep their order, and answers without priority sort last. With eliminate on, only the answers with the lowest priority value are kept, which makes priority tiers for failover.",
            inputs: ["priority"], options: [Eliminate("priority")]),
        Filter(FilterNames.Cost, "Order answers by cost, or keep the cheapest",
            "Sorts the answers by their cost meta, lowest first; the sort is stable and answers without cost sort last. With eliminate on, only the answers with the lowest cost value are kept.",
            inputs: ["cost"], options: [Eliminate("cost")]),
        Filter(FilterNames.ShedLoad, "Drop answers that are overloaded",
            "Compares each answer's load metric (loadavg by default, or connections or requests) with its low_watermark and high_watermark. At or below the low watermark the answer stays; at or above the high watermark it is dropped; in between it is dropped with a probability rising linearly from 0 at the low to 1 at the high watermark. The filter never drops every answer.",
            inputs: ["low_watermark", "high_watermark", "loadavg", "connections", "requests"],
            options: [new("metric", FilterOptionKind.Metric, "loadavg", "Load metric",
                "Which meta key measures load: loadavg, connections or requests.")]),
        Filter(FilterNames.SelectFirstN, "Keep the first N answers",
            "Keeps the first N answers in their current order and removes the rest. Put it last in a chain, after the filters that order the answers; CNAME records should end with N = 1.",
            options: [new("N", FilterOptionKind.PositiveInteger, "1", "Number of answers", "How many answers to keep (a positive integer).")]),
        Filter(FilterNames.SelectFirstRegion, "Keep the answers of the first answer's region",
            "Keeps only the answers whose region is the same as the region of the first answer. Use it after a filter that orders answers, such as sticky_region or a geotarget filter, to answer from one region only."),
        Filter(FilterNames.Shuffle, "Shuffle the answers randomly",
            "Puts the answers in a uniformly random order on every query. Combine it with select_first_n to return a random subset."),
        Filter(FilterNames.WeightedShuffle, "Shuffle the answers by weight",
            "Puts the answers in a random order in which an answer with a higher weight meta comes first more often, in proportion to its weight. An answer without weight counts as weight 1.",
            inputs: ["weight"]),
        Filter(FilterNames.Sticky, "Shuffle the answers the same way for each client",
            "Orders the answers by rendezvous hashing of the client address and each answer, so a client keeps getting the same order while the answers stay the same, and adding or removing an answer moves only the clients that answer concerns." + NetworkOrClient,
            options: [StickyByNetwork()]),
        Filter(FilterNames.WeightedSticky, "Shuffle the answers by weight, the same way for each client",
            "Like sticky, but weighted: rendezvous hashing of the client address with the weight meta, so each answer is first for a share of clients proportional to its weight (an answer without weight counts as 1). Changing answers or weights moves only the affected share of clients." + NetworkOrClient,
            inputs: ["weight"], options: [StickyByNetwork()]),
        Filter(FilterNames.StickyRegion, "Order the regions the same way for each client",
            "Orders the regions by rendezvous hashing of the client address and each region name, then lists the answers grouped by region in that order (keeping their order within a region). Follow it with select_first_region to send each client to one region consistently." + NetworkOrClient,
            options: [StickyByNetwork()]),
        Filter(FilterNames.Ipv4PrefixShuffle, "Answer with random addresses from each answer's prefixes",
            "A records only. Replaces each answer that has ip_prefixes meta with N distinct addresses drawn uniformly from all the addresses of its IPv4 prefixes (all of them when they hold fewer than N).",
            inputs: ["ip_prefixes"],
            options: [new("N", FilterOptionKind.PositiveInteger, "1", "Addresses per answer", "How many random addresses to return for each answer (a positive integer).")],
            recordTypes: ["A"]),
        Filter(FilterNames.ParseIpv4, "Answer with the address spelled in the query name",
            "For wildcard A records: when the part of the query name that the wildcard matched spells an IPv4 address with the separator between its four numbers (11-22-33-44 with the default \"-\", or four labels 11.22.33.44 with \".\"), that address is added to the answers, without meta (the record's own answers stay before it).",
            options: [new("separator", FilterOptionKind.Separator, "-", "Separator", "The character between the numbers of the address: - or _ within one label, or . across four labels.")],
            recordTypes: ["A"]),
        Filter(FilterNames.GeotargetCountry, "Order answers by distance to the client's country or state",
            "Looks up the client's country (and US state or Canadian province) and sorts the answers: first those listing the client's state or province, then those listing its country, then the rest by great-circle distance between the centre of the client's country or state and the centre of the answer's. The sort is stable." + NetworkOrClient,
            inputs: ["country", "us_state", "ca_province", "subdivisions"]),
        Filter(FilterNames.GeotargetRegional, "Order answers by distance to the client's georegion",
            "Looks up the client's georegion and sorts the answers: first those whose georegion meta includes it, then the rest by distance between the centres of the client's region and the answer's nearest region. The sort is stable." + NetworkOrClient,
            inputs: ["georegion"]),
        Filter(FilterNames.GeotargetLatlong, "Order answers by distance to the client",
            "Sorts the answers by great-circle distance from the client's location (from the geo-IP database) to each answer's latitude and longitude meta, nearest first." + NetworkOrClient,
            inputs: ["latitude", "longitude"]),
        Filter(FilterNames.GeofenceCountry, "Keep the answers fenced to the client's country or state",
            "Keeps the answers whose country, us_state, ca_province or subdivisions include the client's location, plus the answers without any location meta, which are removed too when remove_no_location is on and something matched. Answers whose location is set but does not match are removed. Do not list US or CA in country when fencing by state or province." + FenceFallback + NetworkOrClient,
            inputs: ["country", "us_state", "ca_province", "subdivisions"], options: [RemoveNo("remove_no_location", "location")]),
        Filter(FilterNames.GeofenceRegional, "Keep the answers fenced to the client's georegion",
            "Keeps the answers whose georegion meta includes the client's georegion, plus the answers without georegion, which are removed too when remove_no_georegion is on and something matched. Answers with a different georegion are removed." + FenceFallback + NetworkOrClient,
            inputs: ["georegion"], options: [RemoveNo("remove_no_georegion", "georegion")]),
        Filter(FilterNames.NetfenceAsn, "Keep the answers fenced to the client's AS",
            "Keeps the answers whose asn meta includes the autonomous system of the client's address, plus the answers without asn, which are removed too when remove_no_asn is on and something matched. Answers listing other ASes are removed. Not a security control: clients can choose their resolver." + FenceFallback + NetworkOrClient,
            inputs: ["asn"], options: [RemoveNo("remove_no_asn", "asn")]),
        Filter(FilterNames.NetfencePrefix, "Keep the answers fenced to the client's network",
            "Keeps the answers whose ip_prefixes meta contains the client's address, plus the answers without ip_prefixes, which are removed too when remove_no_ip_prefixes is on and something matched. Answers whose prefixes do not contain the client are removed." + FenceFallback + NetworkOrClient,
            inputs: ["ip_prefixes"], options: [RemoveNo("remove_no_ip_prefixes", "ip_prefixes")]),
    ];

    private static readonly FrozenDictionary<string, FilterInfo> ByName =
        All.ToFrozenDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The filter named <paramref name="name"/> (any case), or null when the engine does not run it.</summary>
    public static FilterInfo? Find(string name) => ByName.GetValueOrDefault(name);
}
