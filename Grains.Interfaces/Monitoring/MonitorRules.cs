using System.Globalization;

namespace Vantage.Monitoring;

/// <summary>Decides up or down from one probe result and the job's rules.</summary>
public static class MonitorRules
{
    /// <summary>
    /// Down when the probe failed; otherwise up when every rule holds (a rule on a value the probe did not measure
    /// fails). Without rules an HTTP answer must be below 400 (2xx/3xx).
    /// </summary>
    public static bool IsUp(MonitorJob job, ProbeResult result)
    {
        if (result.Error is not null) return false;
        if (job.Rules.IsDefaultOrEmpty) return job.JobType != "http" || result.StatusCode is < 400;
        return job.Rules.All(rule => Holds(rule, result));
    }

    public static bool Holds(MonitorRule rule, ProbeResult result)
    {
        double? number = rule.Key switch
        {
            "status_code" => result.StatusCode,
            "rtt" => result.Rtt,
            "loss" => result.Loss,
            "connect" => result.Connect,
            "num_records" => result.NumRecords,
            _ => null,
        };
        if (rule.Key is "output" or "rdata")
        {
            var text = rule.Key == "output" ? result.Output : result.Rdata;
            if (text is null) return false;
            return rule.Comparison switch
            {
                "contains" => text.Contains(rule.Value, StringComparison.Ordinal),
                "==" => text == rule.Value,
                "!=" => text != rule.Value,
                _ => false,
            };
        }
        if (number is not { } actual || !double.TryParse(rule.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected)) return false;
        return rule.Comparison switch
        {
            "<" => actual < expected,
            ">" => actual > expected,
            "<=" => actual <= expected,
            ">=" => actual >= expected,
            "==" => actual == expected,
            "!=" => actual != expected,
            _ => false,
        };
    }
}
