namespace Vantage.Grains.Stats;

/// <summary>The bucket sizes the archive keeps.</summary>
public enum BucketSize
{
    Minute,
    Hour,
    Day,
}

/// <summary>One closed bucket of a zone (<see cref="Domain"/> empty) or of one of its records.</summary>
public sealed record ArchivedBucket(BucketSize Size, long Start, string Domain, string Type, long Count);

/// <summary>
/// Where closed buckets go (Azure Table Storage in production). Writes are idempotent upserts, so a bucket written
/// again (late counts, a retried archive run) replaces its row.
/// </summary>
public interface IStatsArchive
{
    Task WriteAsync(string zone, IReadOnlyList<ArchivedBucket> buckets, CancellationToken token = default);

    /// <summary>The zone's buckets of one size with <c>from &lt;= Start &lt; to</c> (Unix seconds), oldest first.</summary>
    Task<IReadOnlyList<ArchivedBucket>> ReadAsync(string zone, BucketSize size, long from, long to, CancellationToken token = default);

    /// <summary>Deletes the zone's buckets of one size that start before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(string zone, BucketSize size, long before, CancellationToken token = default);
}

/// <summary>
/// The development profile's archive: nothing beyond the grain state, which the embedded store already keeps for the
/// buckets' whole retention.
/// </summary>
public sealed class GrainStateArchive : IStatsArchive
{
    public Task WriteAsync(string zone, IReadOnlyList<ArchivedBucket> buckets, CancellationToken token = default) => Task.CompletedTask;

    public Task<IReadOnlyList<ArchivedBucket>> ReadAsync(string zone, BucketSize size, long from, long to, CancellationToken token = default) =>
        Task.FromResult<IReadOnlyList<ArchivedBucket>>([]);

    public Task<int> PruneAsync(string zone, BucketSize size, long before, CancellationToken token = default) => Task.FromResult(0);
}
