using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vantage.Api.Swagger;

/// <summary>A monitoring job (PUT creates, POST merges the members sent); <c>status</c> is read-only.</summary>
public sealed record MonitorJobDoc
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("job_type")] public required string JobType { get; init; }
    [JsonPropertyName("active")] public bool? Active { get; init; }
    [JsonPropertyName("frequency")] public int? Frequency { get; init; }
    [JsonPropertyName("regions")] public required string[] Regions { get; init; }
    [JsonPropertyName("policy")] public string? Policy { get; init; }
    [JsonPropertyName("config")] public required Dictionary<string, JsonElement> Config { get; init; }
    [JsonPropertyName("rules")] public RuleDoc[]? Rules { get; init; }
    [JsonPropertyName("notify_list")] public string? NotifyList { get; init; }
    [JsonPropertyName("notify_delay")] public int? NotifyDelay { get; init; }
    [JsonPropertyName("notify_repeat")] public int? NotifyRepeat { get; init; }
    [JsonPropertyName("notify_failback")] public bool? NotifyFailback { get; init; }
    [JsonPropertyName("rapid_recheck")] public bool? RapidRecheck { get; init; }
    [JsonPropertyName("mute")] public bool? Mute { get; init; }
    [JsonPropertyName("notes")] public string? Notes { get; init; }
    [JsonPropertyName("status")] public Dictionary<string, JsonElement>? Status { get; init; }
}

public sealed record RuleDoc
{
    [JsonPropertyName("key")] public required string Key { get; init; }
    [JsonPropertyName("comparison")] public required string Comparison { get; init; }
    [JsonPropertyName("value")] public required JsonElement Value { get; init; }
}

/// <summary>A notify list: <c>{"name", "notify_list":[{"type","config"}]}</c>.</summary>
public sealed record NotifyListDoc
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("notify_list")] public required Dictionary<string, JsonElement>[] NotifyList { get; init; }
}

/// <summary>A data source: <c>{"name", "sourcetype", "config"}</c>; feeds are read-only here.</summary>
public sealed record DataSourceDoc
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("sourcetype")] public required string SourceType { get; init; }
    [JsonPropertyName("config")] public Dictionary<string, JsonElement>? Config { get; init; }
}

/// <summary>A data feed: <c>{"name", "config":{"label"|"jobid"}}</c>; data and destinations are read-only.</summary>
public sealed record DataFeedDoc
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("config")] public required Dictionary<string, JsonElement> Config { get; init; }
    [JsonPropertyName("data")] public Dictionary<string, JsonElement>? Data { get; init; }
}
