using System.Text.Json;

namespace Vantage.Validation;

/// <summary>Checks that the verbatim JSON members of zones and records have the right JSON kind.</summary>
internal static class JsonRules
{
    /// <summary>The kind of the JSON value in <paramref name="json"/>, or null when it is not valid JSON.</summary>
    public static JsonValueKind? KindOf(string? json)
    {
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? RequireObject(string? json, string member) =>
        KindOf(json) == JsonValueKind.Object ? null : $"{member} must be a JSON object";

    public static string? RequireArray(string? json, string member) =>
        KindOf(json) == JsonValueKind.Array ? null : $"{member} must be a JSON array";

    /// <summary>
    /// A filter chain: an array of objects, each with a non-empty string <c>filter</c>, an optional object
    /// <c>config</c> and an optional <c>disabled</c> flag.
    /// </summary>
    public static string? CheckFilters(string? json)
    {
        if (json is null) return "filters must be a JSON array";
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array) return "filters must be a JSON array";
            var index = 0;
            foreach (var filter in root.EnumerateArray())
            {
                index++;
                if (filter.ValueKind != JsonValueKind.Object) return $"filter {index} must be a JSON object";
                if (!filter.TryGetProperty("filter", out var name) || name.ValueKind != JsonValueKind.String
                    || string.IsNullOrWhiteSpace(name.GetString()))
                {
                    return $"filter {index} must have a non-empty string \"filter\"";
                }
                if (filter.TryGetProperty("config", out var config)
                    && config.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                {
                    return $"config of filter {index} ({name.GetString()}) must be a JSON object";
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return "filters must be a JSON array";
        }
    }
}
