using System.Collections.Immutable;
using System.Text.Json;

namespace Vantage.Feeds;

/// <summary>The data source types Vantage accepts, with the feed config each needs.</summary>
public static class SourceTypes
{
    public const string NsoneV1 = "nsone_v1";
    public const string NsoneMonitoring = "nsone_monitoring";

    public sealed record SourceType(string Name, string Description, string FeedKey, string FeedKeyDescription, ImmutableArray<string>? CompatibleMeta);

    public static readonly ImmutableArray<SourceType> All =
    [
        new(NsoneV1, "Push meta values with POST /v1/feed/{sourceid}.", "label", "Name used to address this feed in a keyed publish", null),
        new(NsoneMonitoring, "Up/down from a Vantage monitoring job whenever its global status changes.", "jobid", "The monitoring job whose status the feed carries", ["up"]),
    ];

    public static SourceType? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>Checks a feed's config for its source type; returns null or the problem. Yields label and job id.</summary>
    public static string? ValidateFeedConfig(string sourceType, string configJson, out string? label, out string? jobId)
    {
        label = null;
        jobId = null;
        using var doc = JsonDocument.Parse(configJson);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return "config must be a JSON object";
        foreach (var p in root.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.Value.GetString()))
                return $"config {p.Name} must be a non-empty string";
        }
        label = root.TryGetProperty("label", out var l) ? l.GetString() : null;
        jobId = root.TryGetProperty("jobid", out var j) ? j.GetString() : null;
        if (sourceType == NsoneMonitoring && jobId is null) return "config jobid is required for a nsone_monitoring feed";
        if (sourceType == NsoneV1 && label is null) return "config label is required for a nsone_v1 feed";
        return null;
    }
}
