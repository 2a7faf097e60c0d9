using System.Collections.Immutable;

namespace Vantage.Model;

/// <summary>One answer of a record: the RDATA split into fields, plus metadata.</summary>
[GenerateSerializer, Immutable, Alias("vantage.answer.v1")]
public sealed record DnsAnswer
{
    [Id(0)] public required string Id { get; init; }
    /// <summary>RDATA fields as text, in presentation order (MX: preference, exchange).</summary>
    [Id(1)] public ImmutableArray<string> Rdata { get; init; } = ImmutableArray<string>.Empty;
    /// <summary>The <c>answer</c> array exactly as the client sent it (numbers stay numbers); null when built from text.</summary>
    [Id(2)] public string? RdataJson { get; init; }
    /// <summary>Answer meta as JSON, verbatim; null when the client sent none (then it is omitted on output).</summary>
    [Id(3)] public string? MetaJson { get; init; }
    /// <summary>Region (answer group) this answer belongs to, or null.</summary>
    [Id(4)] public string? Region { get; init; }

    public bool Equals(DnsAnswer? other) =>
        other is not null && Id == other.Id && SequenceEquality.Equal(Rdata, other.Rdata)
        && RdataJson == other.RdataJson && MetaJson == other.MetaJson && Region == other.Region;

    public override int GetHashCode() => HashCode.Combine(Id, SequenceEquality.Hash(Rdata), RdataJson, MetaJson, Region);
}

/// <summary>
/// A record set: all answers of one type at one name, with the NS1 record settings.
/// <c>MetaJson</c>, <c>RegionsJson</c> and <c>FiltersJson</c> are stored and echoed verbatim.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.record.v1")]
public sealed record DnsRecord
{
    [Id(0)] public required string Id { get; init; }
    /// <summary>Lower-case zone name.</summary>
    [Id(1)] public required string Zone { get; init; }
    /// <summary>Lower-case fully qualified owner name without trailing dot.</summary>
    [Id(2)] public required string Domain { get; init; }
    /// <summary>Upper-case type mnemonic (<see cref="RecordTypes"/>).</summary>
    [Id(3)] public required string Type { get; init; }
    [Id(4)] public int Ttl { get; init; } = ZoneDefaults.RecordTtl;
    [Id(5)] public ImmutableArray<DnsAnswer> Answers { get; init; } = ImmutableArray<DnsAnswer>.Empty;
    [Id(6)] public string MetaJson { get; init; } = "{}";
    [Id(7)] public string RegionsJson { get; init; } = "{}";
    [Id(8)] public string FiltersJson { get; init; } = "[]";
    [Id(9)] public bool UseClientSubnet { get; init; } = true;
    [Id(10)] public bool? OverrideTtl { get; init; }
    /// <summary>FQDN this record is linked to, or null.</summary>
    [Id(11)] public string? Link { get; init; }
    /// <summary>1 for plain records; higher when the record has a filter chain.</summary>
    [Id(12)] public int Tier { get; init; } = 1;
    [Id(13)] public ImmutableArray<int> Networks { get; init; } = ImmutableArray.Create(0);
    /// <summary><c>feeds</c> array as JSON, verbatim.</summary>
    [Id(14)] public string FeedsJson { get; init; } = "[]";
    /// <summary>
    /// Current values of the feeds this record's meta points at (feed id → value), kept by the zone grain. The meta
    /// JSON keeps its <c>{"feed":"id"}</c> pointers verbatim; the steering engine resolves pointed keys from here.
    /// </summary>
    [Id(15)] public ImmutableDictionary<string, Vantage.Feeds.FeedValue> FeedData { get; init; } =
        ImmutableDictionary<string, Vantage.Feeds.FeedValue>.Empty;

    /// <summary>Key of the record set inside its zone: <c>domain/TYPE</c>.</summary>
    public string Key => RecordKey.Of(Domain, Type);

    public bool Equals(DnsRecord? other) =>
        other is not null && Id == other.Id && Zone == other.Zone && Domain == other.Domain && Type == other.Type
        && Ttl == other.Ttl && SequenceEquality.Equal(Answers, other.Answers) && MetaJson == other.MetaJson
        && RegionsJson == other.RegionsJson && FiltersJson == other.FiltersJson && UseClientSubnet == other.UseClientSubnet
        && OverrideTtl == other.OverrideTtl && Link == other.Link && Tier == other.Tier
        && SequenceEquality.Equal(Networks, other.Networks) && FeedsJson == other.FeedsJson
        && FeedDataEqual(FeedData, other.FeedData);

    private static bool FeedDataEqual(
        ImmutableDictionary<string, Vantage.Feeds.FeedValue> a, ImmutableDictionary<string, Vantage.Feeds.FeedValue> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override int GetHashCode() => HashCode.Combine(Id, Domain, Type, Ttl, SequenceEquality.Hash(Answers), FiltersJson);
}

public static class RecordKey
{
    public static string Of(string domain, string type) => domain + "/" + type;
}
