using System.Collections.Immutable;
using Orleans.Concurrency;
using Vantage.Model;

namespace Vantage.Feeds;

/// <summary>Every data source of the account with its feed list. Single activation keyed <see cref="GrainKeys.Directory"/>.</summary>
public interface IDataSourcesGrain : IGrainWithStringKey
{
    Task<ImmutableArray<DataSource>> List();

    Task<OpResult<DataSource>> Get(string id);

    Task<OpResult<DataSource>> Create(string name, string sourceType, string configJson);

    Task<OpResult<DataSource>> Update(string id, string? name, string? configJson);

    /// <summary>Refused while a feed of the source has destinations.</summary>
    Task<OpResult<bool>> Delete(string id);

    Task<OpResult<DataFeed>> CreateFeed(string sourceId, string name, string configJson);

    Task<OpResult<DataFeed>> UpdateFeed(string sourceId, string feedId, string? name, string? configJson);

    /// <summary>Refused while records point at the feed.</summary>
    Task<OpResult<bool>> DeleteFeed(string sourceId, string feedId);

    /// <summary>
    /// <c>POST /v1/feed/{sourceid}</c>: a flat meta table for every feed of the source, or an object keyed by
    /// feed label (or id). Validated as meta first; nothing is published when any part is invalid.
    /// </summary>
    Task<OpResult<int>> Publish(string sourceId, string bodyJson);

    /// <summary>Feed ids of <c>nsone_monitoring</c> feeds whose <c>jobid</c> is <paramref name="jobId"/>, in the given sources or all when null.</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<string>> FeedsForJob(string jobId, ImmutableArray<string>? sourceIds);
}

/// <summary>One feed, keyed by its id. Reentrant: zone grains attach to it while it pushes values to them.</summary>
public interface IDataFeedGrain : IGrainWithStringKey
{
    Task<OpResult<DataFeed>> Get();

    Task<OpResult<DataFeed>> Create(DataFeed feed);

    Task<OpResult<DataFeed>> Update(string? name, string? configJson);

    Task<OpResult<bool>> Delete();

    /// <summary>Merges <paramref name="dataJson"/> (validated meta) into the feed's data and pushes the result to every destination.</summary>
    Task<OpResult<DataFeed>> Publish(string dataJson);

    /// <summary>
    /// Replaces the destinations of one record (<paramref name="recordKey"/> <c>zone/domain/type</c>) and returns the
    /// feed's current value; NotFound when the feed does not exist.
    /// </summary>
    Task<OpResult<FeedValue>> Attach(string recordKey, ImmutableArray<FeedDestination> destinations);

    Task Detach(string recordKey);
}
