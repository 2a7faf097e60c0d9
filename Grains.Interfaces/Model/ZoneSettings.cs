using System.Collections.Immutable;

namespace Vantage.Model;

/// <summary>
/// A zone's own settings (everything NS1 keeps on the zone object except its records).
/// <c>*Json</c> members hold the client's JSON verbatim so that it is echoed back exactly as sent.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-settings.v1")]
public sealed record ZoneSettings
{
    [Id(0)] public required string Id { get; init; }
    /// <summary>Lower-case zone name without a trailing dot, e.g. <c>example.com</c>.</summary>
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public int Ttl { get; init; } = ZoneDefaults.Ttl;
    [Id(3)] public int NxTtl { get; init; } = ZoneDefaults.NxTtl;
    [Id(4)] public int Refresh { get; init; } = ZoneDefaults.Refresh;
    [Id(5)] public int Retry { get; init; } = ZoneDefaults.Retry;
    [Id(6)] public int Expiry { get; init; } = ZoneDefaults.Expiry;
    /// <summary>SOA serial; bumped on every accepted change.</summary>
    [Id(7)] public uint Serial { get; init; }
    /// <summary>Hostmaster as an e-mail address (<c>hostmaster@example.com</c>), as NS1 shows it.</summary>
    [Id(8)] public string Hostmaster { get; init; } = ZoneDefaults.Hostmaster;
    /// <summary>Name servers of the zone (SOA MNAME is the first); also the default apex NS answers.</summary>
    [Id(9)] public ImmutableArray<string> DnsServers { get; init; } = ImmutableArray<string>.Empty;
    /// <summary><c>primary</c> object as JSON, stored verbatim (defaults to <c>{"enabled":false,"secondaries":[]}</c>).</summary>
    [Id(10)] public string PrimaryJson { get; init; } = ZoneDefaults.PrimaryJson;
    /// <summary><c>secondary</c> object as JSON, stored verbatim; null when never set.</summary>
    [Id(11)] public string? SecondaryJson { get; init; }
    [Id(12)] public string MetaJson { get; init; } = "{}";
    [Id(13)] public ImmutableArray<int> Networks { get; init; } = ImmutableArray.Create(0);
    /// <summary>Name of a linked zone, or null.</summary>
    [Id(14)] public string? Link { get; init; }
    [Id(15)] public string? PrimaryMaster { get; init; }
    [Id(16)] public ImmutableArray<string> NetworkPools { get; init; } = ImmutableArray<string>.Empty;

    public bool Equals(ZoneSettings? other) =>
        other is not null && Id == other.Id && Name == other.Name && Ttl == other.Ttl && NxTtl == other.NxTtl
        && Refresh == other.Refresh && Retry == other.Retry && Expiry == other.Expiry && Serial == other.Serial
        && Hostmaster == other.Hostmaster && SequenceEquality.Equal(DnsServers, other.DnsServers)
        && PrimaryJson == other.PrimaryJson && SecondaryJson == other.SecondaryJson && MetaJson == other.MetaJson
        && SequenceEquality.Equal(Networks, other.Networks) && Link == other.Link && PrimaryMaster == other.PrimaryMaster
        && SequenceEquality.Equal(NetworkPools, other.NetworkPools);

    public override int GetHashCode() => HashCode.Combine(Id, Name, Serial, Ttl, NxTtl, SequenceEquality.Hash(DnsServers));
}

/// <summary>NS1's defaults for a new zone (see the recorded zone-create response).</summary>
public static class ZoneDefaults
{
    public const int Ttl = 3600;
    public const int NxTtl = 3600;
    public const int Refresh = 43200;
    public const int Retry = 7200;
    public const int Expiry = 1209600;
    public const string Hostmaster = "hostmaster@vantage.invalid";
    public const string PrimaryJson = "{\"enabled\":false,\"secondaries\":[]}";
    /// <summary>Default record TTL when a record is created without one.</summary>
    public const int RecordTtl = 3600;
}
