namespace Vantage;

/// <summary>Names of the Orleans providers the silo, the API and the edges agree on.</summary>
public static class ProviderNames
{
    /// <summary>Grain storage holding zones and the zone directory.</summary>
    public const string ZoneStore = "zones";

    /// <summary>Grain storage holding data sources, feeds, monitoring jobs and notify lists.</summary>
    public const string MonitorStore = "monitoring";

    /// <summary>Grain storage Orleans' stream pub/sub uses for subscriptions.</summary>
    public const string PubSubStore = "PubSubStore";

    /// <summary>The stream provider that carries zone-change events to edges.</summary>
    public const string Streams = "zone-stream";
}

/// <summary>Stream namespaces and ids.</summary>
public static class StreamIds
{
    /// <summary>Namespace of the zone-change stream.</summary>
    public const string ZoneChangesNamespace = "zone-changes";

    // Zones publish on ZoneSharding.StreamShards streams of this namespace (ZoneSharding.ChangeStream).
}

/// <summary>Well-known grain keys.</summary>
public static class GrainKeys
{
    /// <summary>
    /// The single registry grains (edges, monitoring jobs, account stats) and, before it was sharded, the zone
    /// directory (its old state is read once by the shards: <see cref="Zones.ZoneSharding.DirectoryKey(string)"/>).
    /// </summary>
    public const string Directory = "all";
}
