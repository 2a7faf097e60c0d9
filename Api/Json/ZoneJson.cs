using System.Text.Json;
using Vantage.Model;

namespace Vantage.Api.Json;

/// <summary>Writes NS1's zone object; raw JSON members (<c>meta</c>, <c>primary</c>, <c>secondary</c>) are echoed verbatim.</summary>
public static class ZoneJson
{
    /// <summary>The zone; <paramref name="records"/> null leaves out the <c>records</c> array (list view, <c>?records=false</c>).</summary>
    public static void Write(Utf8JsonWriter w, ZoneSettings zone, IEnumerable<DnsRecord>? records)
    {
        WriteStart(w, zone);
        if (records is not null)
        {
            w.WriteStartArray("records");
            foreach (var record in records) RecordJson.WriteShort(w, record);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>Opens the zone object and writes every member but <c>records</c>; the caller closes the object.</summary>
    public static void WriteStart(Utf8JsonWriter w, ZoneSettings zone)
    {
        w.WriteStartObject();
        w.WriteString("id", zone.Id);
        w.WriteString("zone", zone.Name);
        w.WriteNumber("ttl", zone.Ttl);
        w.WriteNumber("nx_ttl", zone.NxTtl);
        w.WriteNumber("retry", zone.Retry);
        w.WriteNumber("refresh", zone.Refresh);
        w.WriteNumber("expiry", zone.Expiry);
        w.WriteNumber("serial", zone.Serial);
        w.WriteString("hostmaster", zone.Hostmaster);
        WriteStrings(w, "dns_servers", zone.DnsServers);
        WriteInts(w, "networks", zone.Networks);
        WriteStrings(w, "network_pools", zone.NetworkPools);
        w.WritePropertyName("meta");
        w.WriteRawValue(zone.MetaJson);
        WriteNullableString(w, "link", zone.Link);
        w.WritePropertyName("primary");
        w.WriteRawValue(zone.PrimaryJson);
        if (zone.SecondaryJson is not null)
        {
            w.WritePropertyName("secondary");
            w.WriteRawValue(zone.SecondaryJson);
        }
        if (zone.PrimaryMaster is not null) w.WriteString("primary_master", zone.PrimaryMaster);
    }

    internal static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values) w.WriteStringValue(value);
        w.WriteEndArray();
    }

    internal static void WriteInts(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values) w.WriteNumberValue(value);
        w.WriteEndArray();
    }

    internal static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}
