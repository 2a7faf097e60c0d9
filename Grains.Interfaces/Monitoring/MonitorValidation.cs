using System.Globalization;
using System.Text.Json;

namespace Vantage.Monitoring;

/// <summary>Checks job definitions and notify lists; every problem comes back as one sentence for a 400.</summary>
public static class MonitorValidation
{
    public const int MaxNameLength = 64;
    public const int MinFrequency = 1;
    public const int MaxFrequency = 3600;

    public static string? Validate(MonitorJob job)
    {
        if (string.IsNullOrWhiteSpace(job.Name)) return "name is required";
        if (job.Name.Length > MaxNameLength) return $"name must be at most {MaxNameLength} characters";
        if (MonitorCatalog.FindJobType(job.JobType) is not { } type)
            return $"job_type {job.JobType} is unknown; known: {string.Join(", ", MonitorCatalog.JobTypes.Select(t => t.Name))}";
        if (job.Frequency is < MinFrequency or > MaxFrequency) return $"frequency must be between {MinFrequency} and {MaxFrequency} seconds";
        if (job.Regions.IsDefaultOrEmpty) return "regions must name at least one region";
        foreach (var region in job.Regions)
        {
            if (MonitorCatalog.Regions.All(r => r.Code != region)) return $"region {region} is unknown; see /v1/monitoring/regions";
        }
        if (job.Regions.Distinct().Count() != job.Regions.Length) return "regions must not repeat";
        if (!MonitorPolicies.Names.Contains(job.Policy)) return $"policy must be one of {string.Join(", ", MonitorPolicies.Names)}";
        if (job.NotifyDelay < 0 || job.NotifyRepeat < 0) return "notify_delay and notify_repeat must not be negative";
        if (job.Notes is { Length: > 1024 }) return "notes must be at most 1024 characters";
        if (Config(type, job.ConfigJson) is { } configProblem) return configProblem;
        foreach (var rule in job.Rules)
        {
            if (type.Results.FirstOrDefault(r => r.Name == rule.Key) is not { } result)
                return $"rule key {rule.Key} does not apply to {type.Name} jobs; use {string.Join(", ", type.Results.Select(r => r.Name))}";
            var comparisons = result.Numeric ? MonitorCatalog.NumericComparisons : MonitorCatalog.TextComparisons;
            if (!comparisons.Contains(rule.Comparison))
                return $"rule {rule.Key}: comparison must be one of {string.Join(" ", comparisons)}";
            if (result.Numeric && !double.TryParse(rule.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                return $"rule {rule.Key}: value must be a number";
        }
        return null;
    }

    /// <summary>Checks a config object against its type's fields (kinds, required fields, ranges, URL and port).</summary>
    public static string? Config(MonitorCatalog.JobType type, string configJson)
    {
        using var doc = JsonDocument.Parse(configJson);
        var config = doc.RootElement;
        if (config.ValueKind != JsonValueKind.Object) return "config must be a JSON object";
        foreach (var field in type.Config)
        {
            if (!config.TryGetProperty(field.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (field.Required) return $"config {field.Name} is required for {type.Name} jobs";
                continue;
            }
            var ok = field.Kind switch
            {
                "string" => value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0,
                "bool" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                "int" => JsonInt(value) is >= 0,
                "object" => value.ValueKind == JsonValueKind.Object,
                _ => true,
            };
            if (!ok) return $"config {field.Name} must be {(field.Kind == "int" ? "a non-negative integer" : field.Kind == "bool" ? "true or false" : "a non-empty " + field.Kind)}";
        }
        foreach (var property in config.EnumerateObject())
        {
            if (type.Config.All(f => f.Name != property.Name) && property.Name != "ipv6")
                return $"config {property.Name} is not a {type.Name} setting";
        }
        switch (type.Name)
        {
            case "http":
                if (!Uri.TryCreate(config.GetProperty("url").GetString(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    return "config url must be an absolute http:// or https:// URL";
                if (config.TryGetProperty("method", out var method) && method.GetString() is not ("GET" or "HEAD" or "POST"))
                    return "config method must be GET, HEAD or POST";
                break;
            case "tcp" or "dns":
                if (config.TryGetProperty("port", out var port) && JsonInt(port) is not (>= 1 and <= 65535)) return "config port must be between 1 and 65535";
                break;
            case "ping":
                if (config.TryGetProperty("count", out var count) && JsonInt(count) is not (>= 1 and <= 20)) return "config count must be between 1 and 20";
                break;
        }
        return null;
    }

    public static string? Validate(NotifyList list)
    {
        if (string.IsNullOrWhiteSpace(list.Name)) return "name is required";
        if (list.Name.Length > MaxNameLength) return $"name must be at most {MaxNameLength} characters";
        foreach (var target in list.Targets)
        {
            if (MonitorCatalog.FindNotifyType(target.Type) is not { } type)
                return $"notify type {target.Type} is unknown; known: {string.Join(", ", MonitorCatalog.NotifyTypes.Select(t => t.Name))}";
            var asJob = new MonitorCatalog.JobType(type.Name, type.Description, type.Config, []);
            if (Config(asJob, target.ConfigJson) is { } problem) return $"{type.Name}: {problem.Replace(" jobs", " notifiers", StringComparison.Ordinal)}";
            if (type.Name is "webhook" or "slack")
            {
                using var doc = JsonDocument.Parse(target.ConfigJson);
                if (!Uri.TryCreate(doc.RootElement.GetProperty("url").GetString(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    return $"{type.Name}: config url must be an absolute http:// or https:// URL";
            }
        }
        return null;
    }

    /// <summary>An integer given as a JSON number or a numeric string (clients send both); null otherwise.</summary>
    public static long? JsonInt(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}
