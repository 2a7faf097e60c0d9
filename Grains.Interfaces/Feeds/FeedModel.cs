using System.Collections.Immutable;

namespace Vantage.Feeds;

/// <summary>A data source (<c>/v1/data/sources</c>): a named origin of meta values with its feeds.</summary>
[GenerateSerializer, Immutable, Alias("vantage.data-source.v1")]
public sealed record DataSource
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string SourceType { get; init; }
    /// <summary>Source-level config as JSON, verbatim.</summary>
    [Id(3)] public string ConfigJson { get; init; } = "{}";
    [Id(4)] public ImmutableArray<FeedRef> Feeds { get; init; } = ImmutableArray<FeedRef>.Empty;
}

/// <summary>What a source knows about one of its feeds: enough to route a publish or a monitor's status.</summary>
[GenerateSerializer, Immutable, Alias("vantage.feed-ref.v1")]
public sealed record FeedRef
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    /// <summary><c>config.label</c> (nsone_v1), used to address the feed in a keyed publish.</summary>
    [Id(2)] public string? Label { get; init; }
    /// <summary><c>config.jobid</c> (nsone_monitoring).</summary>
    [Id(3)] public string? JobId { get; init; }
}

/// <summary>A data feed (<c>/v1/data/feeds/{sourceid}/{feedid}</c>): its last published meta and where it points.</summary>
[GenerateSerializer, Immutable, Alias("vantage.data-feed.v1")]
public sealed record DataFeed
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string SourceId { get; init; }
    [Id(2)] public required string Name { get; init; }
    [Id(3)] public string ConfigJson { get; init; } = "{}";
    /// <summary>The merged meta table published so far, as a JSON object.</summary>
    [Id(4)] public string DataJson { get; init; } = "{}";
    /// <summary>Increases with every publish; zone grains ignore values older than what they hold.</summary>
    [Id(5)] public long Version { get; init; }
    [Id(6)] public ImmutableArray<FeedDestination> Destinations { get; init; } = ImmutableArray<FeedDestination>.Empty;
}

/// <summary>One meta object that points at a feed: NS1's <c>{"destid","record","desttype"}</c> plus where the record lives.</summary>
[GenerateSerializer, Immutable, Alias("vantage.feed-destination.v1")]
public sealed record FeedDestination
{
    [Id(0)] public required string Zone { get; init; }
    [Id(1)] public required string Domain { get; init; }
    [Id(2)] public required string Type { get; init; }
    /// <summary><c>answer</c>, <c>region</c> or <c>record</c>.</summary>
    [Id(3)] public required string DestType { get; init; }
    /// <summary>The answer id, the region name or the record id.</summary>
    [Id(4)] public required string DestId { get; init; }
    [Id(5)] public required string RecordId { get; init; }

    public string RecordKey => Zone + "/" + Domain + "/" + Type;
}

/// <summary>A feed's value as a zone holds it for the records that point at it.</summary>
[GenerateSerializer, Immutable, Alias("vantage.feed-value.v1")]
public sealed record FeedValue
{
    [Id(0)] public long Version { get; init; }
    [Id(1)] public string DataJson { get; init; } = "{}";
}
