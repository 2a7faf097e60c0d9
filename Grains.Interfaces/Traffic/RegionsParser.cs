using System.Collections.Immutable;
using System.Text.Json;

namespace Vantage.Traffic;

/// <summary>Parses a record's <c>regions</c> object: region name → <c>{"meta":{…}}</c>.</summary>
public static class RegionsParser
{
    /// <summary>
    /// Returns null on success, otherwise the problem, e.g. <c>region us-east: meta weight must be a number</c>.
    /// Null or empty JSON means no regions. Region members other than <c>meta</c> are left alone (stored as sent).
    /// </summary>
    public static string? Parse(string? regionsJson, out ImmutableDictionary<string, MetaValues> regions)
    {
        regions = ImmutableDictionary<string, MetaValues>.Empty;
        if (string.IsNullOrWhiteSpace(regionsJson)) return null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(regionsJson);
        }
        catch (JsonException)
        {
            return "regions must be a JSON object";
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Null) return null;
            if (root.ValueKind != JsonValueKind.Object) return "regions must be a JSON object";
            var result = ImmutableDictionary.CreateBuilder<string, MetaValues>(StringComparer.Ordinal);
            foreach (var region in root.EnumerateObject())
            {
                if (region.Value.ValueKind != JsonValueKind.Object) return $"region {region.Name} must be a JSON object";
                var meta = MetaValues.Empty;
                if (region.Value.TryGetProperty("meta", out var metaJson))
                {
                    var problem = MetaParser.Parse(metaJson, out meta);
                    if (problem is not null) return $"region {region.Name}: {problem}";
                }
                result[region.Name] = meta;
            }
            regions = result.ToImmutable();
            return null;
        }
    }
}
