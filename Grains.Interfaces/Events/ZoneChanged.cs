using System.Collections.Immutable;
using Vantage.Model;

namespace Vantage.Events;

public enum ZoneChangeKind
{
    /// <summary>The zone was created (settings and initial records included).</summary>
    Created = 1,
    /// <summary>Records and/or settings changed.</summary>
    Updated = 2,
    /// <summary>The zone was deleted; edges stop serving it.</summary>
    Deleted = 3,
}

/// <summary>A record set that changed: <see cref="Record"/> is the new content, or null when the set was removed.</summary>
[GenerateSerializer, Immutable, Alias("vantage.record-change.v1")]
public sealed record RecordChange
{
    [Id(0)] public required string Domain { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public DnsRecord? Record { get; init; }
}

/// <summary>
/// One accepted change to a zone, published on the zone-change stream and kept in the zone's journal.
/// Versions are per zone, start at 1 with creation and grow by exactly one per change.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-changed.v1")]
public sealed record ZoneChanged
{
    [Id(0)] public required string Zone { get; init; }
    [Id(1)] public required long Version { get; init; }
    [Id(2)] public required ZoneChangeKind Kind { get; init; }
    /// <summary>The zone settings after the change (null for <see cref="ZoneChangeKind.Deleted"/>).</summary>
    [Id(3)] public ZoneSettings? Settings { get; init; }
    [Id(4)] public ImmutableArray<RecordChange> Records { get; init; } = ImmutableArray<RecordChange>.Empty;
    /// <summary>When the grain accepted the change (for publish → applied lag metrics).</summary>
    [Id(5)] public DateTimeOffset At { get; init; }

    /// <summary>
    /// True on the stream when the change was too large to carry (an import of a big zone): <see cref="Records"/>
    /// is then empty and a subscriber must fetch the change from the journal (or the whole zone).
    /// </summary>
    [Id(6)] public bool RecordsOmitted { get; init; }
}

/// <summary>A whole zone at one version (AXFR-like).</summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-snapshot.v1")]
public sealed record ZoneSnapshot
{
    [Id(0)] public required ZoneSettings Settings { get; init; }
    [Id(1)] public required long Version { get; init; }
    [Id(2)] public ImmutableArray<DnsRecord> Records { get; init; } = ImmutableArray<DnsRecord>.Empty;

    /// <summary>
    /// Record sets in the zone. <see cref="Records"/> holds all of them only when it has this many; a zone too large
    /// for one message comes with none, and the caller reads it by pages (<c>IZoneGrain.GetRecordsPage</c>).
    /// </summary>
    [Id(3)] public int RecordCount { get; init; }

    public bool Complete => RecordCount <= Records.Length;
}

/// <summary>Answer of <c>GetChangesSince</c>: the ordered changes, or a flag that a full snapshot is needed.</summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-changes.v1")]
public sealed record ZoneChanges
{
    [Id(0)] public required long CurrentVersion { get; init; }
    [Id(1)] public bool SnapshotRequired { get; init; }
    [Id(2)] public ImmutableArray<ZoneChanged> Changes { get; init; } = ImmutableArray<ZoneChanged>.Empty;
    /// <summary>False when the zone does not exist (deleted or never created).</summary>
    [Id(3)] public bool Exists { get; init; }
}
