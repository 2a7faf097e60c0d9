using System.Collections.Immutable;

namespace Vantage.Model;

/// <summary>
/// A zone create or partial update as parsed from NS1 JSON: a null member was not sent and keeps its value.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-patch.v1")]
public sealed record ZonePatch
{
    [Id(0)] public int? Ttl { get; init; }
    [Id(1)] public int? NxTtl { get; init; }
    [Id(2)] public int? Refresh { get; init; }
    [Id(3)] public int? Retry { get; init; }
    [Id(4)] public int? Expiry { get; init; }
    [Id(5)] public string? Hostmaster { get; init; }
    [Id(6)] public string? PrimaryJson { get; init; }
    [Id(7)] public string? SecondaryJson { get; init; }
    [Id(8)] public string? MetaJson { get; init; }
    [Id(9)] public ImmutableArray<int>? Networks { get; init; }
    [Id(10)] public string? Link { get; init; }
    [Id(11)] public string? PrimaryMaster { get; init; }
    /// <summary>Explicit SOA serial; null keeps the automatic one.</summary>
    [Id(12)] public uint? Serial { get; init; }
    /// <summary>Name servers; normally filled in by the platform, settable by zone-file import.</summary>
    [Id(13)] public ImmutableArray<string>? DnsServers { get; init; }
}

/// <summary>
/// A record create or partial update as parsed from NS1 JSON: a null member was not sent and keeps its value.
/// Answers replace the whole answer list when present; <c>"filters":[]</c> clears the chain.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.record-patch.v1")]
public sealed record RecordPatch
{
    [Id(0)] public int? Ttl { get; init; }
    [Id(1)] public ImmutableArray<DnsAnswer>? Answers { get; init; }
    [Id(2)] public string? MetaJson { get; init; }
    [Id(3)] public string? RegionsJson { get; init; }
    [Id(4)] public string? FiltersJson { get; init; }
    [Id(5)] public bool? UseClientSubnet { get; init; }
    [Id(6)] public bool? OverrideTtl { get; init; }
    /// <summary>Link target; empty string removes the link.</summary>
    [Id(7)] public string? Link { get; init; }
    [Id(8)] public ImmutableArray<int>? Networks { get; init; }
    [Id(9)] public string? FeedsJson { get; init; }
    /// <summary>Tier computed by the caller from the filter chain; null keeps or derives it.</summary>
    [Id(10)] public int? Tier { get; init; }
}
