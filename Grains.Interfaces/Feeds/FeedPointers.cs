using System.Collections.Immutable;
using System.Text.Json;
using Vantage.Model;
using Vantage.Traffic;

namespace Vantage.Feeds;

/// <summary>Finds the feed pointers of a record and resolves pointed meta keys from the feeds' values.</summary>
public static class FeedPointers
{
    /// <summary>feed id → the meta objects of <paramref name="record"/> that point at it. Unreadable meta is skipped (validated on write).</summary>
    public static ImmutableDictionary<string, ImmutableArray<FeedDestination>> Of(DnsRecord record)
    {
        var found = new Dictionary<string, List<FeedDestination>>(StringComparer.Ordinal);
        void Add(MetaValues meta, string destType, string destId)
        {
            foreach (var feed in meta.Feeds.Values.Distinct())
            {
                if (!found.TryGetValue(feed, out var list)) found[feed] = list = [];
                list.Add(new FeedDestination
                {
                    Zone = record.Zone, Domain = record.Domain, Type = record.Type,
                    DestType = destType, DestId = destId, RecordId = record.Id,
                });
            }
        }
        if (MetaParser.Parse(record.MetaJson, out var recordMeta) is null) Add(recordMeta, "record", record.Id);
        if (RegionsParser.Parse(record.RegionsJson, out var regions) is null)
        {
            foreach (var (name, meta) in regions) Add(meta, "region", name);
        }
        foreach (var answer in record.Answers)
        {
            if (MetaParser.Parse(answer.MetaJson, out var meta) is null) Add(meta, "answer", answer.Id);
        }
        return found.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// <paramref name="level"/> with every pointed key that the feed's data sets filled in from that data, validated
    /// by the key's meta type. A key the feed has not published (or published invalidly) stays unknown (null).
    /// </summary>
    public static MetaValues Resolve(MetaValues level, ImmutableDictionary<string, FeedValue> feeds, out string? problem)
    {
        problem = null;
        if (level.Feeds.IsEmpty || feeds.IsEmpty) return level;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, feedId) in level.Feeds)
            {
                if (!feeds.TryGetValue(feedId, out var value)) continue;
                using var data = JsonDocument.Parse(value.DataJson);
                if (data.RootElement.ValueKind == JsonValueKind.Object && data.RootElement.TryGetProperty(key, out var v)
                    && v.ValueKind != JsonValueKind.Object)
                {
                    writer.WritePropertyName(key);
                    v.WriteTo(writer);
                }
            }
            writer.WriteEndObject();
        }
        problem = MetaParser.Parse(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), out var resolved);
        return problem is null ? resolved.Over(level) : level;
    }
}
