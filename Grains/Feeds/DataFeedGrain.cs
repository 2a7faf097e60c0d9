using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Vantage.Feeds;
using Vantage.Model;

namespace Vantage.Grains.Feeds;

[GenerateSerializer, Alias("vantage.data-feed-state.v1")]
public sealed class DataFeedState
{
    [Id(0)] public DataFeed? Feed { get; set; }
}

/// <summary>
/// One feed: its config, the meta it last published and the records pointing at it. Reentrant, so that a zone grain
/// attaching to it never waits on a publish that is waiting on that zone; state writes are serialised by a lock.
/// </summary>
[Reentrant]
public sealed partial class DataFeedGrain(
    [PersistentState("feed", ProviderNames.MonitorStore)] IPersistentState<DataFeedState> state,
    ILogger<DataFeedGrain> logger) : Grain, IDataFeedGrain
{
    private readonly SemaphoreSlim _write = new(1, 1);

    private string Id => this.GetPrimaryKeyString();

    public Task<OpResult<DataFeed>> Get() => Task.FromResult(state.State.Feed is { } feed
        ? OpResult<DataFeed>.Success(feed) : NotFound<DataFeed>());

    public async Task<OpResult<DataFeed>> Create(DataFeed feed)
    {
        return await Write(current => current is null
            ? OpResult<DataFeed>.Success(feed with { Id = Id })
            : OpResult<DataFeed>.Fail(OpError.AlreadyExists, "feed already exists"));
    }

    public Task<OpResult<DataFeed>> Update(string? name, string? configJson) => Write(current => current is null
        ? NotFound<DataFeed>()
        : OpResult<DataFeed>.Success(current with { Name = name ?? current.Name, ConfigJson = configJson ?? current.ConfigJson }));

    public async Task<OpResult<bool>> Delete()
    {
        var result = await Write(current =>
        {
            if (current is null) return NotFound<DataFeed>();
            if (!current.Destinations.IsEmpty) return OpResult<DataFeed>.Fail(OpError.Invalid, InUse(current));
            return OpResult<DataFeed>.Success(null!);
        });
        return result.Ok ? OpResult<bool>.Success(true) : OpResult<bool>.Fail(result.Error, result.Message!);
    }

    public async Task<OpResult<DataFeed>> Publish(string dataJson)
    {
        var result = await Write(current => current is null
            ? NotFound<DataFeed>()
            : OpResult<DataFeed>.Success(current with { DataJson = Merge(current.DataJson, dataJson), Version = current.Version + 1 }));
        if (!result.Ok) return result;
        var feed = result.Value!;
        var value = new FeedValue { Version = feed.Version, DataJson = feed.DataJson };
        var pushes = feed.Destinations.Select(d => d.Zone).Distinct(StringComparer.Ordinal).Select(async zone =>
        {
            try
            {
                await GrainFactory.GetGrain<IZoneGrain>(zone).ApplyFeed(Id, value);
            }
            catch (Exception ex)
            {
                LogPushFailed(Id, zone, ex);
            }
        });
        await Task.WhenAll(pushes);
        return result;
    }

    public async Task<OpResult<FeedValue>> Attach(string recordKey, ImmutableArray<FeedDestination> destinations)
    {
        var result = await Write(current => current is null
            ? NotFound<DataFeed>()
            : OpResult<DataFeed>.Success(current with
            {
                Destinations = [.. current.Destinations.Where(d => d.RecordKey != recordKey), .. destinations],
            }));
        return result.Ok
            ? OpResult<FeedValue>.Success(new FeedValue { Version = result.Value!.Version, DataJson = result.Value.DataJson })
            : OpResult<FeedValue>.Fail(result.Error, result.Message!);
    }

    public async Task Detach(string recordKey)
    {
        var result = await Write(current => current is null || current.Destinations.All(d => d.RecordKey != recordKey)
            ? NotFound<DataFeed>()
            : OpResult<DataFeed>.Success(current with { Destinations = [.. current.Destinations.Where(d => d.RecordKey != recordKey)] }));
        if (result.Ok && result.Value!.Destinations.IsEmpty && CreatedByShortcut(result.Value.ConfigJson, out var jobId))
        {
            // The one-call health check made this feed and its job for the answer that just went away: remove both.
            await GrainFactory.GetGrain<IDataSourcesGrain>(GrainKeys.Directory).DeleteFeed(result.Value.SourceId, Id);
            await GrainFactory.GetGrain<Vantage.Monitoring.IMonitorJobsGrain>(GrainKeys.Directory).Delete(jobId);
        }
    }

    /// <summary>Feed config member that marks a feed (and its job) as made by the one-call health check.</summary>
    public const string ShortcutMarker = "created_by";

    public const string ShortcutValue = "answer_monitor";

    private static bool CreatedByShortcut(string configJson, out string jobId)
    {
        using var doc = JsonDocument.Parse(configJson);
        var root = doc.RootElement;
        jobId = root.TryGetProperty("jobid", out var j) ? j.GetString() ?? "" : "";
        return root.TryGetProperty(ShortcutMarker, out var marker) && marker.GetString() == ShortcutValue && jobId.Length > 0;
    }

    public static string InUse(DataFeed feed)
    {
        var records = feed.Destinations.Select(d => d.Domain + "/" + d.Type).Distinct().Order(StringComparer.Ordinal).ToArray();
        return $"feed {feed.Id} is in use by {records.Length} record(s): {string.Join(", ", records.Take(10))}; remove the pointers first";
    }

    /// <summary>Applies <paramref name="change"/> to the state and stores it (a null value deletes); a refusal or failed write changes nothing.</summary>
    private async Task<OpResult<DataFeed>> Write(Func<DataFeed?, OpResult<DataFeed>> change)
    {
        await _write.WaitAsync();
        try
        {
            var previous = state.State.Feed;
            var result = change(previous);
            if (!result.Ok) return result;
            state.State.Feed = result.Value;
            try
            {
                if (result.Value is null) await state.ClearStateAsync();
                else await state.WriteStateAsync();
            }
            catch (Exception ex)
            {
                state.State.Feed = previous;
                LogWriteFailed(Id, ex);
                DeactivateOnIdle();
                return OpResult<DataFeed>.Fail(OpError.StorageFailed, "the feed could not be stored");
            }
            return result;
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>The stored data with every key of the publish set (JSON null removes a key).</summary>
    public static string Merge(string currentJson, string publishedJson)
    {
        using var current = JsonDocument.Parse(currentJson);
        using var published = JsonDocument.Parse(publishedJson);
        var merged = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in current.RootElement.EnumerateObject()) merged[p.Name] = p.Value;
        foreach (var p in published.RootElement.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Null) merged.Remove(p.Name);
            else merged[p.Name] = p.Value;
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in merged)
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static OpResult<T> NotFound<T>() => OpResult<T>.Fail(OpError.NotFound, "feed not found");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {Feed}: zone {Zone} could not take the new value")]
    private partial void LogPushFailed(string feed, string zone, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feed {Feed}: storing failed; the change was rejected")]
    private partial void LogWriteFailed(string feed, Exception ex);
}
