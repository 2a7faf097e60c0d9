using System.Text.Json;
using Vantage.Feeds;

namespace Vantage.Api.Json;

/// <summary>NS1's data source and feed JSON.</summary>
public static class FeedJson
{
    public static void WriteSource(Utf8JsonWriter w, DataSource source, IReadOnlyList<DataFeed> feeds)
    {
        w.WriteStartObject();
        w.WriteString("id", source.Id);
        w.WriteString("name", source.Name);
        w.WriteString("sourcetype", source.SourceType);
        w.WritePropertyName("config");
        w.WriteRawValue(source.ConfigJson);
        w.WriteString("status", "ok");
        w.WriteStartArray("feeds");
        foreach (var feed in feeds) WriteFeed(w, feed);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteFeed(Utf8JsonWriter w, DataFeed feed)
    {
        w.WriteStartObject();
        w.WriteString("id", feed.Id);
        w.WriteString("name", feed.Name);
        w.WriteString("source", feed.SourceId);
        w.WritePropertyName("config");
        w.WriteRawValue(feed.ConfigJson);
        w.WritePropertyName("data");
        w.WriteRawValue(feed.DataJson);
        w.WriteStartArray("destinations");
        foreach (var d in feed.Destinations)
        {
            w.WriteStartObject();
            w.WriteString("destid", d.DestId);
            w.WriteString("desttype", d.DestType);
            w.WriteString("record", d.RecordId);
            w.WriteString("zone", d.Zone);
            w.WriteString("domain", d.Domain);
            w.WriteString("type", d.Type);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("networks");
        w.WriteNumberValue(0);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
