using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Vantage.Grains.Stats;

namespace Vantage.Silo.Production;

/// <summary>
/// Closed stats buckets in Azure Table Storage. Keys are laid out for time-range scans: the partition is one zone and
/// one bucket size (<c>example.com|m</c>), the row key starts with the bucket's start as 12 zero-padded digits of Unix
/// seconds and then names the series (<c>001772359200|www.example.com|A</c>; the zone's own series has empty
/// domain and type), so "the zone's minutes between two times" is one partition range query on the row key.
/// </summary>
public sealed class TableStatsArchive(TableClient table) : IStatsArchive
{
    private int created;

    public async Task WriteAsync(string zone, IReadOnlyList<ArchivedBucket> buckets, CancellationToken token = default)
    {
        await EnsureTableAsync(token).ConfigureAwait(false);
        foreach (var group in buckets.GroupBy(b => b.Size))
        {
            // A transaction holds at most 100 operations, all in one partition.
            foreach (var chunk in group.Chunk(100))
            {
                var actions = chunk.Select(b => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(
                    Partition(zone, b.Size), RowKey(b.Start, b.Domain, b.Type))
                {
                    ["Zone"] = zone,
                    ["Start"] = b.Start,
                    ["Domain"] = b.Domain,
                    ["RecordType"] = b.Type,
                    ["Count"] = b.Count,
                }));
                await table.SubmitTransactionAsync(actions, token).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<ArchivedBucket>> ReadAsync(string zone, BucketSize size, long from, long to, CancellationToken token = default)
    {
        await EnsureTableAsync(token).ConfigureAwait(false);
        var result = new List<ArchivedBucket>();
        await foreach (var e in table.QueryAsync<TableEntity>(Range(zone, size, from, to), cancellationToken: token).ConfigureAwait(false))
        {
            result.Add(new ArchivedBucket(size, e.GetInt64("Start") ?? 0, e.GetString("Domain") ?? "", e.GetString("RecordType") ?? "",
                e.GetInt64("Count") ?? 0));
        }
        return result;
    }

    public async Task<int> PruneAsync(string zone, BucketSize size, long before, CancellationToken token = default)
    {
        await EnsureTableAsync(token).ConfigureAwait(false);
        var old = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(Range(zone, size, 0, before), select: ["PartitionKey", "RowKey"], cancellationToken: token)
            .ConfigureAwait(false))
        {
            old.Add(e);
        }
        foreach (var chunk in old.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), token)
                .ConfigureAwait(false);
        }
        return old.Count;
    }

    public static string Partition(string zone, BucketSize size) => zone + "|" + size switch
    {
        BucketSize.Minute => "m",
        BucketSize.Hour => "h",
        _ => "d",
    };

    public static string RowKey(long start, string domain, string type) =>
        start.ToString("D12", CultureInfo.InvariantCulture) + "|" + domain + "|" + type;

    private static string Range(string zone, BucketSize size, long from, long to) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {Partition(zone, size)} and RowKey ge {Prefix(from)} and RowKey lt {Prefix(to)}");

    private static string Prefix(long start) => start.ToString("D12", CultureInfo.InvariantCulture);

    private async Task EnsureTableAsync(CancellationToken token)
    {
        if (Volatile.Read(ref created) == 1) return;
        await table.CreateIfNotExistsAsync(token).ConfigureAwait(false);
        Volatile.Write(ref created, 1);
    }
}
