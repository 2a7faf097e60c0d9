using System.Collections.Immutable;

namespace Vantage.Traffic;

/// <summary>
/// The metadata of one level (record, region or answer), parsed and validated. A member is null when the
/// key is not set at this level, so levels can be merged with answer &gt; region &gt; record precedence.
/// Codes are upper-case (countries ISO 3166-1 alpha-2, states and provinces their 2-letter postal codes).
/// A key whose value is a feed pointer <c>{"feed":"id"}</c> is listed in <see cref="Feeds"/> and left null
/// here until the feed's value is known.
/// </summary>
public sealed record MetaValues
{
    public static readonly MetaValues Empty = new();

    public bool? Up { get; init; }
    public long? Connections { get; init; }
    public long? Requests { get; init; }
    public double? Loadavg { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public ImmutableArray<Georegion>? Georegion { get; init; }
    public ImmutableArray<string>? Country { get; init; }
    public ImmutableArray<string>? UsState { get; init; }
    public ImmutableArray<string>? CaProvince { get; init; }
    /// <summary>ISO 3166-2 subdivisions by country: <c>{"BR":["SP","SC"]}</c>.</summary>
    public ImmutableDictionary<string, ImmutableArray<string>>? Subdivisions { get; init; }
    public string? Note { get; init; }
    public ImmutableArray<IpPrefix>? IpPrefixes { get; init; }
    public ImmutableArray<uint>? Asn { get; init; }
    public int? Priority { get; init; }
    public double? Weight { get; init; }
    public double? Cost { get; init; }
    public double? LowWatermark { get; init; }
    public double? HighWatermark { get; init; }
    /// <summary>Meta key → feed id, for every key given as a feed pointer.</summary>
    public ImmutableDictionary<string, string> Feeds { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>This level with every key it does not set taken from <paramref name="lower"/>.</summary>
    public MetaValues Over(MetaValues lower) => new()
    {
        Up = Up ?? lower.Up,
        Connections = Connections ?? lower.Connections,
        Requests = Requests ?? lower.Requests,
        Loadavg = Loadavg ?? lower.Loadavg,
        Latitude = Latitude ?? lower.Latitude,
        Longitude = Longitude ?? lower.Longitude,
        Georegion = Georegion ?? lower.Georegion,
        Country = Country ?? lower.Country,
        UsState = UsState ?? lower.UsState,
        CaProvince = CaProvince ?? lower.CaProvince,
        Subdivisions = Subdivisions ?? lower.Subdivisions,
        Note = Note ?? lower.Note,
        IpPrefixes = IpPrefixes ?? lower.IpPrefixes,
        Asn = Asn ?? lower.Asn,
        Priority = Priority ?? lower.Priority,
        Weight = Weight ?? lower.Weight,
        Cost = Cost ?? lower.Cost,
        LowWatermark = LowWatermark ?? lower.LowWatermark,
        HighWatermark = HighWatermark ?? lower.HighWatermark,
        Feeds = lower.Feeds.IsEmpty ? Feeds : lower.Feeds.SetItems(Feeds),
    };
}
