using System.Text.Json;
using Vantage.Model;

namespace Vantage.Api.Json;

/// <summary>Writes NS1's record object and the short record form inside a zone.</summary>
public static class RecordJson
{
    public static void Write(Utf8JsonWriter w, DnsRecord record)
    {
        w.WriteStartObject();
        w.WriteString("id", record.Id);
        w.WriteString("zone", record.Zone);
        w.WriteString("domain", record.Domain);
        w.WriteString("type", record.Type);
        w.WriteNumber("ttl", record.Ttl);
        w.WriteStartArray("answers");
        foreach (var answer in record.Answers) WriteAnswer(w, answer);
        w.WriteEndArray();
        w.WritePropertyName("meta");
        w.WriteRawValue(record.MetaJson);
        w.WritePropertyName("regions");
        w.WriteRawValue(record.RegionsJson);
        w.WritePropertyName("filters");
        w.WriteRawValue(record.FiltersJson);
        w.WriteBoolean("use_client_subnet", record.UseClientSubnet);
        if (record.OverrideTtl is { } overrideTtl) w.WriteBoolean("override_ttl", overrideTtl);
        ZoneJson.WriteNullableString(w, "link", record.Link);
        w.WriteNumber("tier", record.Tier);
        ZoneJson.WriteInts(w, "networks", record.Networks);
        w.WritePropertyName("feeds");
        w.WriteRawValue(record.FeedsJson);
        w.WriteEndObject();
    }

    /// <summary>The record as listed in a zone: <c>{id, domain, type, ttl, tier, short_answers, link}</c>.</summary>
    public static void WriteShort(Utf8JsonWriter w, DnsRecord record)
    {
        w.WriteStartObject();
        w.WriteString("id", record.Id);
        w.WriteString("domain", record.Domain);
        w.WriteString("type", record.Type);
        w.WriteNumber("ttl", record.Ttl);
        w.WriteNumber("tier", record.Tier);
        ZoneJson.WriteStrings(w, "short_answers", record.Answers.Select(a => string.Join(' ', a.Rdata)));
        ZoneJson.WriteNullableString(w, "link", record.Link);
        w.WriteEndObject();
    }

    private static void WriteAnswer(Utf8JsonWriter w, DnsAnswer answer)
    {
        w.WriteStartObject();
        w.WriteString("id", answer.Id);
        if (answer.RdataJson is not null)
        {
            w.WritePropertyName("answer");
            w.WriteRawValue(answer.RdataJson);
        }
        else
        {
            ZoneJson.WriteStrings(w, "answer", answer.Rdata);
        }
        if (answer.MetaJson is not null)
        {
            w.WritePropertyName("meta");
            w.WriteRawValue(answer.MetaJson);
        }
        if (answer.Region is not null) w.WriteString("region", answer.Region);
        w.WriteEndObject();
    }
}
