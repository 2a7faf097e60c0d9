using System.Globalization;

namespace Vantage.Tests;

/// <summary>
/// The settings every edge a test starts begins from (in process or as a process): loopback, an ephemeral DNS port
/// and a free metrics port. The edge's defaults (DNS 8053, metrics 9153) belong to a developer's running platform;
/// a test that took them would fail whenever another edge runs on the machine. <see cref="PortGuardTests"/> keeps
/// every edge host in the tests on this helper.
/// </summary>
public static class EdgeTestSettings
{
    public const string MetricsPortKey = "Vantage:Edge:MetricsPort";

    /// <summary>Configuration keys (<c>Vantage:Edge:...</c>) for an in-process edge host.</summary>
    public static Dictionary<string, string?> InProcess(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Vantage:Edge:Address"] = "127.0.0.1",
            ["Vantage:Edge:Port"] = "0",
            [MetricsPortKey] = Ports.Free().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        RequireOwnMetricsPort(settings[MetricsPortKey]);
        return settings;
    }

    /// <summary>
    /// Fills in, for a role started as a process, the listening ports a test did not choose with free ones (the edge's
    /// metrics port, the silo's dashboard port), and refuses the defaults.
    /// </summary>
    public static void ForProcess(string project, IDictionary<string, string> environment)
    {
        var key = project switch
        {
            "EdgeDns" => "Vantage__Edge__MetricsPort",
            "Silo" => "Vantage__Dashboard__Port",
            _ => null,
        };
        if (key is null) return;
        if (!environment.TryGetValue(key, out var value)) environment[key] = value = Ports.Free().ToString(CultureInfo.InvariantCulture);
        RequireOwnMetricsPort(value);
    }

    private static void RequireOwnMetricsPort(string? value)
    {
        if (value is "9153" or "8081" or "8080" or "8053")
            throw new InvalidOperationException($"a test must not listen on a default port ({value}): use Ports.Free() or 0");
    }
}
