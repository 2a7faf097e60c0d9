using System.Collections.Immutable;

namespace Vantage.EdgeDns.Zones;

/// <summary>
/// What a compiled zone keeps besides its nodes so that the next version can be made from the change alone: the
/// records it could not compile (they are still part of the zone's data), the number of zone cuts, and which owners'
/// NS/MX/SRV sets point at each in-zone name (their additional sections change when that name's addresses do).
/// </summary>
internal sealed record ZoneIndexes(
    ImmutableDictionary<string, byte[]> Skipped,
    int Cuts,
    ImmutableDictionary<byte[], ImmutableHashSet<byte[]>> Targets)
{
    public static ImmutableHashSet<byte[]> NoOwners { get; } = ImmutableHashSet.Create<byte[]>(WireNameComparer.Instance);
}
