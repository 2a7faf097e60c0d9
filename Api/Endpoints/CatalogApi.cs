using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Vantage.Traffic;
using Vantage.Validation;

namespace Vantage.Api.Endpoints;

/// <summary>
/// <c>/v1/filtertypes</c> and <c>/v1/metatypes</c>: the filters the traffic engine runs and the meta keys it
/// accepts, in the shape of NS1's catalogue (an object keyed by name), described as this engine behaves.
/// </summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Catalogue");
        group.MapGet("/filtertypes", () => Results.Json(FilterTypes)).WithName("ListFilterTypes")
            .WithSummary("The filters a record's filter chain may use, with tier, meta inputs, config options and record types.")
            .Produces<Dictionary<string, FilterTypeDoc>>().ProducesErrors();
        group.MapGet("/metatypes", () => Results.Json(MetaTypes)).WithName("ListMetaTypes")
            .WithSummary("The meta keys records, regions and answers may carry, with category and accepted values.")
            .Produces<Dictionary<string, MetaTypeDoc>>().ProducesErrors();
        return app;
    }

    /// <summary>The <c>/v1/filtertypes</c> body, keyed by filter name.</summary>
    public static readonly ImmutableSortedDictionary<string, FilterTypeDoc> FilterTypes =
        FilterCatalog.All.ToImmutableSortedDictionary(f => f.Name, f => new FilterTypeDoc(
            f.ShortDesc, FilterTiers.TierOfFilter(f.Name), f.Inputs,
            f.Options.ToImmutableSortedDictionary(o => o.Name, o => new FilterOptionDoc(o.Default, false, o.Validator, o.ShortDesc, o.Type, o.Desc), StringComparer.Ordinal),
            f.Desc, f.RecordTypes.IsEmpty ? null : f.RecordTypes), StringComparer.Ordinal);

    /// <summary>The <c>/v1/metatypes</c> body, keyed by meta key.</summary>
    public static readonly ImmutableSortedDictionary<string, MetaTypeDoc> MetaTypes = MetaTypeTexts.All;
}

/// <summary>One filter as <c>GET /v1/filtertypes</c> describes it.</summary>
public sealed record FilterTypeDoc(
    [property: JsonPropertyName("shortdesc")] string ShortDesc,
    [property: JsonPropertyName("tier")] int Tier,
    [property: JsonPropertyName("inputs")] ImmutableArray<string> Inputs,
    [property: JsonPropertyName("config")] ImmutableSortedDictionary<string, FilterOptionDoc> Config,
    [property: JsonPropertyName("desc")] string Desc,
    [property: JsonPropertyName("rectypes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImmutableArray<string>? RecordTypes);

/// <summary>One config option of a filter.</summary>
public sealed record FilterOptionDoc(
    [property: JsonPropertyName("default")] string Default,
    [property: JsonPropertyName("required")] bool Required,
    [property: JsonPropertyName("validator")] string Validator,
    [property: JsonPropertyName("shortdesc")] string ShortDesc,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("desc")] string Desc);

/// <summary>One meta key as <c>GET /v1/metatypes</c> describes it.</summary>
public sealed record MetaTypeDoc(
    [property: JsonPropertyName("shortdesc")] string ShortDesc,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("desc")] string Desc);

/// <summary>Descriptions of the meta keys <see cref="MetaParser"/> accepts, as the engine reads them.</summary>
internal static class MetaTypeTexts
{
    private const string Feed = " Instead of a value, a feed pointer {\"feed\": \"<feed id>\"} takes the value from a data feed.";
    private const string ListForms = " Give a JSON array or a comma-separated string.";

    private static readonly (string Key, string Category, string ShortDesc, string Desc)[] Texts =
    [
        ("up", "status", "Up/down",
            "Whether the answer or region is up: true, 1, \"1\" or \"true\" for up; false, 0, \"0\" or \"false\" for down. The up filter keeps the answers that are up; an answer without up counts as up." + Feed),
        ("connections", "status", "Active connections",
            "Number of active connections, an integer of at least 0. shed_load reads it when its metric is connections." + Feed),
        ("requests", "status", "Requests per second",
            "Request rate, an integer of at least 0. shed_load reads it when its metric is requests." + Feed),
        ("loadavg", "status", "Load average",
            "Load average, a number of at least 0. shed_load reads it with its default metric, loadavg." + Feed),
        ("pulsar", "status", "Pulsar RUM jobs",
            "A list of objects binding real-user-monitoring jobs, each with a non-empty job_id and optional bias and a5m_cutoff. Stored as sent; the engine collects no RUM data, so no filter reads it." + Feed),
        ("latitude", "geographical", "Latitude",
            "Latitude of the answer or region, a number from -90 (south) to 90 (north). geotarget_latlong reads it with longitude." + Feed),
        ("longitude", "geographical", "Longitude",
            "Longitude of the answer or region, a number from -180 (west) to 180 (east). geotarget_latlong reads it with latitude." + Feed),
        ("georegion", "geographical", "Georegions",
            "One or more of US-EAST, US-CENTRAL, US-WEST, EUROPE, ASIAPAC, SOUTH-AMERICA, AFRICA (any case). geotarget_regional and geofence_regional read it." + ListForms + Feed),
        ("country", "geographical", "Countries",
            "One or more ISO 3166-1 alpha-2 country codes (any case; stored as sent, compared in upper case). geotarget_country and geofence_country read it." + ListForms + Feed),
        ("us_state", "geographical", "US states",
            "One or more two-letter US state codes. geotarget_country and geofence_country read it for clients in the United States." + ListForms + Feed),
        ("ca_province", "geographical", "Canadian provinces",
            "One or more two-letter Canadian province or territory codes. geotarget_country and geofence_country read it for clients in Canada." + ListForms + Feed),
        ("subdivisions", "geographical", "Country subdivisions",
            "An object from ISO 3166-1 country code to a list of ISO 3166-2 subdivision codes of that country (1 to 3 letters or digits each), e.g. {\"BR\": [\"SP\", \"SC\"]}. The country filters read it. Outside the US and Canada it matches only with geo data that gives subdivision codes (MaxMind's GeoIP2/GeoLite2 City file; the bundled ip-location-db data names only US states and Canadian provinces)." + Feed),
        ("note", "informational", "Note",
            "Free text for operators, at most 256 characters. No filter reads it." + Feed),
        ("additional_metadata", "informational", "Additional metadata",
            "A list of objects of your own, stored as sent. No filter reads it." + Feed),
        ("ip_prefixes", "network", "IP prefixes",
            "Up to 1000 IPv4 or IPv6 networks in CIDR notation (192.0.2.0/24, 2001:db8::/32), with no bits set after the prefix length; a bare address is a host prefix. netfence_prefix matches the client against them; ipv4_prefix_shuffle draws addresses from them." + ListForms + Feed),
        ("asn", "network", "Autonomous systems",
            "Up to 1000 AS numbers (0 to 4294967295), as JSON numbers or strings. netfence_asn matches the client's AS against them." + ListForms + Feed),
        ("priority", "traffic_parameters", "Priority",
            "An integer of at least 0; lower is preferred. The priority filter sorts by it or, with eliminate on, keeps only the lowest value." + Feed),
        ("weight", "traffic_parameters", "Weight",
            "A number of at least 0; only the ratios between answers matter. weighted_shuffle and weighted_sticky read it; an answer without weight counts as 1." + Feed),
        ("cost", "traffic_parameters", "Cost",
            "A number of at least 0; lower is preferred. The cost filter sorts by it or, with eliminate on, keeps only the lowest value." + Feed),
        ("low_watermark", "traffic_parameters", "Low watermark",
            "A number of at least 0, in the unit of shed_load's metric: at or below it the answer is never shed. Must not be greater than high_watermark when both are set at the same level." + Feed),
        ("high_watermark", "traffic_parameters", "High watermark",
            "A number of at least 0, in the unit of shed_load's metric: at or above it the answer is shed; between the watermarks it is shed with a probability rising linearly." + Feed),
    ];

    public static readonly ImmutableSortedDictionary<string, MetaTypeDoc> All =
        Texts.ToImmutableSortedDictionary(t => t.Key, t => new MetaTypeDoc(t.ShortDesc, t.Category, t.Desc), StringComparer.Ordinal);
}
