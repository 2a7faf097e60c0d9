using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Vantage.Monitoring;

namespace Vantage.Api.Json;

/// <summary>NS1's job and notify-list JSON: read into the model (400 on a wrong kind) and written back.</summary>
public static class MonitoringJson
{
    /// <summary>A job from a request body: members sent replace those of <paramref name="current"/>.</summary>
    public static MonitorJob ParseJob(JsonElement body, MonitorJob current)
    {
        var regionScope = JsonFields.String(body, "region_scope");
        if (regionScope is not null && regionScope != "fixed") throw ApiRequestException.BadRequest("region_scope must be fixed");
        return current with
        {
            Name = JsonFields.String(body, "name") ?? current.Name,
            JobType = JsonFields.String(body, "job_type") ?? current.JobType,
            Active = JsonFields.Bool(body, "active") ?? current.Active,
            Frequency = JsonFields.Int(body, "frequency") ?? current.Frequency,
            Regions = Strings(body, "regions") ?? current.Regions,
            Policy = JsonFields.String(body, "policy") ?? current.Policy,
            ConfigJson = JsonFields.Raw(body, "config", JsonValueKind.Object, "{}") ?? current.ConfigJson,
            Rules = Rules(body) ?? current.Rules,
            NotifyList = body.TryGetProperty("notify_list", out _) ? NullIfEmpty(JsonFields.String(body, "notify_list")) : current.NotifyList,
            NotifyDelay = JsonFields.Int(body, "notify_delay") ?? current.NotifyDelay,
            NotifyRepeat = JsonFields.Int(body, "notify_repeat") ?? current.NotifyRepeat,
            NotifyFailback = JsonFields.Bool(body, "notify_failback") ?? current.NotifyFailback,
            NotifyRegional = JsonFields.Bool(body, "notify_regional") ?? current.NotifyRegional,
            RapidRecheck = JsonFields.Bool(body, "rapid_recheck") ?? current.RapidRecheck,
            Mute = JsonFields.Bool(body, "mute") ?? current.Mute,
            Notes = body.TryGetProperty("notes", out _) ? JsonFields.String(body, "notes") : current.Notes,
        };
    }

    public static void WriteJob(Utf8JsonWriter w, MonitorJob job, JobStatus status)
    {
        w.WriteStartObject();
        w.WriteString("id", job.Id);
        w.WriteString("name", job.Name);
        w.WriteString("job_type", job.JobType);
        w.WriteBoolean("active", job.Active);
        w.WriteNumber("frequency", job.Frequency);
        w.WriteStartArray("regions");
        foreach (var r in job.Regions) w.WriteStringValue(r);
        w.WriteEndArray();
        w.WriteString("region_scope", "fixed");
        w.WriteString("policy", job.Policy);
        w.WritePropertyName("config");
        w.WriteRawValue(job.ConfigJson);
        w.WriteStartArray("rules");
        foreach (var rule in job.Rules)
        {
            w.WriteStartObject();
            w.WriteString("key", rule.Key);
            w.WriteString("comparison", rule.Comparison);
            w.WriteString("value", rule.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (job.NotifyList is null) w.WriteNull("notify_list");
        else w.WriteString("notify_list", job.NotifyList);
        w.WriteNumber("notify_delay", job.NotifyDelay);
        w.WriteNumber("notify_repeat", job.NotifyRepeat);
        w.WriteBoolean("notify_failback", job.NotifyFailback);
        w.WriteBoolean("notify_regional", job.NotifyRegional);
        w.WriteBoolean("rapid_recheck", job.RapidRecheck);
        w.WriteBoolean("mute", job.Mute);
        if (job.Notes is null) w.WriteNull("notes");
        else w.WriteString("notes", job.Notes);
        w.WriteStartObject("status");
        WritePoint(w, "global", status.Global);
        foreach (var region in job.Regions)
        {
            WritePoint(w, region, status.Regions.TryGetValue(region, out var p) ? p : new StatusPoint());
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter w, string name, StatusPoint point)
    {
        w.WriteStartObject(name);
        w.WriteString("status", point.Status);
        w.WriteNumber("since", point.Since.ToUnixTimeSeconds());
        w.WriteEndObject();
    }

    public static NotifyList ParseList(JsonElement body, NotifyList current)
    {
        var targets = current.Targets;
        if (body.TryGetProperty("notify_list", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array) throw ApiRequestException.BadRequest("notify_list must be an array");
            var builder = ImmutableArray.CreateBuilder<NotifyTarget>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) throw ApiRequestException.BadRequest("notify_list entries must be objects");
                var type = JsonFields.String(item, "type") ?? throw ApiRequestException.BadRequest("notify_list entries need a type");
                builder.Add(new NotifyTarget { Type = type, ConfigJson = JsonFields.Raw(item, "config", JsonValueKind.Object, "{}") ?? "{}" });
            }
            targets = builder.ToImmutable();
        }
        return current with { Name = JsonFields.String(body, "name") ?? current.Name, Targets = targets };
    }

    public static void WriteList(Utf8JsonWriter w, NotifyList list)
    {
        w.WriteStartObject();
        w.WriteString("id", list.Id);
        w.WriteString("name", list.Name);
        w.WriteStartArray("notify_list");
        foreach (var target in list.Targets)
        {
            w.WriteStartObject();
            w.WriteString("type", target.Type);
            w.WritePropertyName("config");
            w.WriteRawValue(target.ConfigJson);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static ImmutableArray<string>? Strings(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            throw ApiRequestException.BadRequest($"{name} must be an array of strings");
        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    private static ImmutableArray<MonitorRule>? Rules(JsonElement body)
    {
        if (!body.TryGetProperty("rules", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw ApiRequestException.BadRequest("rules must be an array");
        var rules = ImmutableArray.CreateBuilder<MonitorRule>();
        foreach (var rule in value.EnumerateArray())
        {
            if (rule.ValueKind != JsonValueKind.Object) throw ApiRequestException.BadRequest("rules must be objects with key, comparison and value");
            var key = JsonFields.String(rule, "key");
            var comparison = JsonFields.String(rule, "comparison");
            var ruleValue = rule.TryGetProperty("value", out var v) ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            } : null;
            if (key is null || comparison is null || ruleValue is null)
                throw ApiRequestException.BadRequest("each rule needs a key, a comparison and a value (string or number)");
            rules.Add(new MonitorRule { Key = key, Comparison = comparison, Value = ruleValue });
        }
        return rules.ToImmutable();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary><c>period</c> like <c>90s</c>, <c>15m</c>, <c>24h</c>, <c>7d</c>.</summary>
    public static TimeSpan? Period(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var unit = text[^1];
        if (!long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
            throw ApiRequestException.BadRequest("period must look like 30m, 24h or 7d");
        return unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => throw ApiRequestException.BadRequest("period must look like 30m, 24h or 7d"),
        };
    }
}
