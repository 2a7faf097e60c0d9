using System.Collections.Immutable;
using System.Text.Json;
using Vantage.Feeds;
using Vantage.Model;
using Vantage.Traffic;

namespace Vantage.Grains.Feeds;

[GenerateSerializer, Alias("vantage.data-sources-state.v1")]
public sealed class DataSourcesState
{
    [Id(0)] public ImmutableDictionary<string, DataSource> Sources { get; set; } = ImmutableDictionary<string, DataSource>.Empty;
}

/// <summary>The account's data sources with their feed lists (one grain: sources are few and small).</summary>
public sealed class DataSourcesGrain(
    [PersistentState("sources", ProviderNames.MonitorStore)] IPersistentState<DataSourcesState> state) : Grain, IDataSourcesGrain
{
    public const int MaxNameLength = 64;

    private ImmutableDictionary<string, DataSource> Sources => state.State.Sources;

    public Task<ImmutableArray<DataSource>> List() =>
        Task.FromResult(Sources.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal).ToImmutableArray());

    public Task<OpResult<DataSource>> Get(string id) =>
        Task.FromResult(Sources.TryGetValue(id, out var source) ? OpResult<DataSource>.Success(source) : NotFound<DataSource>());

    public async Task<OpResult<DataSource>> Create(string name, string sourceType, string configJson)
    {
        if (NameProblem(name) is { } problem) return Invalid<DataSource>(problem);
        if (SourceTypes.Find(sourceType) is null)
            return Invalid<DataSource>($"unknown sourcetype {sourceType}; known: {string.Join(", ", SourceTypes.All.Select(t => t.Name))}");
        var source = new DataSource { Id = Ids.New(), Name = name, SourceType = sourceType, ConfigJson = configJson };
        return await Store(Sources.SetItem(source.Id, source), source);
    }

    public async Task<OpResult<DataSource>> Update(string id, string? name, string? configJson)
    {
        if (!Sources.TryGetValue(id, out var source)) return NotFound<DataSource>();
        if (name is not null && NameProblem(name) is { } problem) return Invalid<DataSource>(problem);
        var next = source with { Name = name ?? source.Name, ConfigJson = configJson ?? source.ConfigJson };
        return await Store(Sources.SetItem(id, next), next);
    }

    public async Task<OpResult<bool>> Delete(string id)
    {
        if (!Sources.TryGetValue(id, out var source)) return NotFound<bool>();
        foreach (var feed in source.Feeds)
        {
            var current = await Feed(feed.Id).Get();
            if (current.Ok && !current.Value!.Destinations.IsEmpty) return Invalid<bool>(DataFeedGrain.InUse(current.Value));
        }
        foreach (var feed in source.Feeds) await Feed(feed.Id).Delete();
        var stored = await Store(Sources.Remove(id), source);
        return stored.Ok ? OpResult<bool>.Success(true) : OpResult<bool>.Fail(stored.Error, stored.Message!);
    }

    public async Task<OpResult<DataFeed>> CreateFeed(string sourceId, string name, string configJson)
    {
        if (!Sources.TryGetValue(sourceId, out var source)) return NotFound<DataFeed>();
        if (NameProblem(name) is { } problem) return Invalid<DataFeed>(problem);
        if (SourceTypes.ValidateFeedConfig(source.SourceType, configJson, out var label, out var jobId) is { } configProblem)
            return Invalid<DataFeed>(configProblem);
        if (label is not null && source.Feeds.Any(f => f.Label == label))
            return Invalid<DataFeed>($"source {sourceId} already has a feed labelled {label}");
        var id = Ids.New();
        var created = await Feed(id).Create(new DataFeed { Id = id, SourceId = sourceId, Name = name, ConfigJson = configJson });
        if (!created.Ok) return created;
        var next = source with { Feeds = source.Feeds.Add(new FeedRef { Id = id, Name = name, Label = label, JobId = jobId }) };
        var stored = await Store(Sources.SetItem(sourceId, next), next);
        if (!stored.Ok)
        {
            await Feed(id).Delete();
            return OpResult<DataFeed>.Fail(stored.Error, stored.Message!);
        }
        return created;
    }

    public async Task<OpResult<DataFeed>> UpdateFeed(string sourceId, string feedId, string? name, string? configJson)
    {
        if (!Sources.TryGetValue(sourceId, out var source)) return NotFound<DataFeed>();
        var index = source.Feeds.IndexOf(source.Feeds.FirstOrDefault(f => f.Id == feedId)!);
        if (index < 0) return OpResult<DataFeed>.Fail(OpError.NotFound, "feed not found");
        if (name is not null && NameProblem(name) is { } problem) return Invalid<DataFeed>(problem);
        var reference = source.Feeds[index];
        string? label = reference.Label, jobId = reference.JobId;
        if (configJson is not null && SourceTypes.ValidateFeedConfig(source.SourceType, configJson, out label, out jobId) is { } configProblem)
            return Invalid<DataFeed>(configProblem);
        var updated = await Feed(feedId).Update(name, configJson);
        if (!updated.Ok) return updated;
        var next = source with { Feeds = source.Feeds.SetItem(index, reference with { Name = name ?? reference.Name, Label = label, JobId = jobId }) };
        var stored = await Store(Sources.SetItem(sourceId, next), next);
        return stored.Ok ? updated : OpResult<DataFeed>.Fail(stored.Error, stored.Message!);
    }

    public async Task<OpResult<bool>> DeleteFeed(string sourceId, string feedId)
    {
        if (!Sources.TryGetValue(sourceId, out var source) || source.Feeds.All(f => f.Id != feedId))
            return OpResult<bool>.Fail(OpError.NotFound, "feed not found");
        var deleted = await Feed(feedId).Delete();
        if (!deleted.Ok) return deleted;
        var next = source with { Feeds = [.. source.Feeds.Where(f => f.Id != feedId)] };
        var stored = await Store(Sources.SetItem(sourceId, next), next);
        return stored.Ok ? deleted : OpResult<bool>.Fail(stored.Error, stored.Message!);
    }

    public async Task<OpResult<int>> Publish(string sourceId, string bodyJson)
    {
        if (!Sources.TryGetValue(sourceId, out var source)) return NotFound<int>();
        var plan = PlanPublish(source, bodyJson, out var problem);
        if (problem is not null) return Invalid<int>(problem);
        foreach (var (feedId, data) in plan)
        {
            var published = await Feed(feedId).Publish(data);
            if (!published.Ok) return OpResult<int>.Fail(published.Error, published.Message!);
        }
        return OpResult<int>.Success(plan.Count);
    }

    public Task<ImmutableArray<string>> FeedsForJob(string jobId, ImmutableArray<string>? sourceIds) =>
        Task.FromResult(Sources.Values
            .Where(s => s.SourceType == SourceTypes.NsoneMonitoring && (sourceIds is null || sourceIds.Value.Contains(s.Id)))
            .SelectMany(s => s.Feeds).Where(f => f.JobId == jobId).Select(f => f.Id).ToImmutableArray());

    /// <summary>
    /// Which feed gets which meta: a body whose keys are all meta keys goes to every feed; otherwise each key must
    /// name a feed (label or id) and its value is that feed's meta. Every part is validated before anything is sent.
    /// </summary>
    public static List<(string FeedId, string Data)> PlanPublish(DataSource source, string bodyJson, out string? problem)
    {
        var plan = new List<(string, string)>();
        problem = null;
        using var doc = JsonDocument.Parse(bodyJson);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) { problem = "the body must be a JSON object"; return plan; }
        var compatible = SourceTypes.Find(source.SourceType)?.CompatibleMeta;
        var flat = root.EnumerateObject().All(p => MetaParser.Keys.Contains(p.Name));
        if (flat)
        {
            problem = CheckData(root, compatible);
            if (problem is null) plan.AddRange(source.Feeds.Select(f => (f.Id, root.GetRawText())));
            return plan;
        }
        foreach (var p in root.EnumerateObject())
        {
            var feed = source.Feeds.FirstOrDefault(f => f.Label == p.Name) ?? source.Feeds.FirstOrDefault(f => f.Id == p.Name);
            if (feed is null) { problem = $"{p.Name} is neither a meta key nor the label of a feed of source {source.Id}"; return []; }
            if (CheckData(p.Value, compatible) is { } dataProblem) { problem = $"{p.Name}: {dataProblem}"; return []; }
            plan.Add((feed.Id, p.Value.GetRawText()));
        }
        return plan;
    }

    private static string? CheckData(JsonElement data, ImmutableArray<string>? compatible)
    {
        if (data.ValueKind != JsonValueKind.Object) return "feed data must be a JSON object of meta values";
        foreach (var p in data.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Object) return $"meta {p.Name} must be a value, not an object";
            if (compatible is { } keys && !keys.Contains(p.Name)) return $"meta {p.Name} cannot be published to this source type (only {string.Join(", ", keys)})";
        }
        return MetaParser.Parse(data, out _);
    }

    private async Task<OpResult<T>> Store<T>(ImmutableDictionary<string, DataSource> next, T value)
    {
        var previous = state.State.Sources;
        state.State.Sources = next;
        try
        {
            await state.WriteStateAsync();
            return OpResult<T>.Success(value);
        }
        catch (Exception)
        {
            state.State.Sources = previous;
            DeactivateOnIdle();
            return OpResult<T>.Fail(OpError.StorageFailed, "the data source could not be stored");
        }
    }

    private IDataFeedGrain Feed(string id) => GrainFactory.GetGrain<IDataFeedGrain>(id);

    private static string? NameProblem(string name) =>
        string.IsNullOrWhiteSpace(name) ? "name is required" : name.Length > MaxNameLength ? $"name must be at most {MaxNameLength} characters" : null;

    private static OpResult<T> Invalid<T>(string message) => OpResult<T>.Fail(OpError.Invalid, message);

    private static OpResult<T> NotFound<T>() => OpResult<T>.Fail(OpError.NotFound, "data source not found");
}
