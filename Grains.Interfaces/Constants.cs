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

    /// <summary>Every zone publishes on one well-known stream so that an edge needs a single subscription.</summary>
    public const string AllZonesKey = "all";

    public static Orleans.Runtime.StreamId ZoneChanges => Orleans.Runtime.StreamId.Create(ZoneChangesNamespace, AllZonesKey);
}

/// <summary>Well-known grain keys.</summary>
public static class GrainKeys
{
    /// <summary>The single directory grain that lists every zone.</summary>
    public const string Directory = "all";
}
