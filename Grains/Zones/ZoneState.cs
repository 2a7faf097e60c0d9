using System.Collections.Immutable;
using Vantage.Events;
using Vantage.Model;

namespace Vantage.Grains.Zones;

/// <summary>
/// Persisted state of one zone. A deleted zone keeps its version and journal (a tombstone) so that
/// versions stay monotonic if it is created again and edges learn about the deletion.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-state.v1")]
public sealed record ZoneState
{
    /// <summary>Zone settings; null when the zone does not exist (never created, or deleted).</summary>
    [Id(0)] public ZoneSettings? Settings { get; init; }

    /// <summary>Record sets keyed by <see cref="RecordKey"/>.</summary>
    [Id(1)] public ImmutableDictionary<string, DnsRecord> Records { get; init; } =
        ImmutableDictionary<string, DnsRecord>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Version of the last accepted change (0: none yet).</summary>
    [Id(2)] public long Version { get; init; }

    /// <summary>The most recent changes, oldest first, contiguous up to <see cref="Version"/>.</summary>
    [Id(3)] public ImmutableList<ZoneChanged> Journal { get; init; } = ImmutableList<ZoneChanged>.Empty;

    /// <summary>SOA serial of the last change, kept after a deletion so that a re-created zone's serial keeps growing.</summary>
    [Id(4)] public uint LastSerial { get; init; }

    public bool Exists => Settings is not null;
}
