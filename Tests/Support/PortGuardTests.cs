using System.Text.RegularExpressions;

namespace Vantage.Tests;

/// <summary>
/// Keeps tests off the platform's default ports: every test source that hosts an edge takes its settings from
/// <see cref="EdgeTestSettings"/> (a free metrics port), and every edge or silo started as a process goes through
/// <see cref="EndToEnd.VantageProcess"/> (which fills in free ports) or names its metrics port itself.
/// </summary>
public sealed partial class PortGuardTests
{
    private static IEnumerable<(string Path, string Text)> Sources() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "Tests"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (Path.GetRelativePath(Repository.Root, p), File.ReadAllText(p)));

    [Fact]
    public void Every_in_process_edge_host_takes_the_shared_settings_with_a_free_metrics_port()
    {
        var hosts = Sources().Where(s => EdgeHost().IsMatch(s.Text)).ToList();
        Assert.NotEmpty(hosts);
        Assert.All(hosts, s => Assert.True(s.Text.Contains("EdgeTestSettings.InProcess(", StringComparison.Ordinal),
            $"{s.Path} builds an edge host without EdgeTestSettings.InProcess (it would listen on the default metrics port)"));
    }

    [Fact]
    public void Every_edge_started_outside_VantageProcess_names_its_metrics_port()
    {
        var launchers = Sources().Where(s => s.Text.Contains("new ProcessStartInfo", StringComparison.Ordinal)
            && (s.Text.Contains("run.sh", StringComparison.Ordinal) || s.Text.Contains("EdgeDns", StringComparison.Ordinal))
            && !s.Path.EndsWith("VantageProcess.cs", StringComparison.Ordinal)).ToList();
        Assert.All(launchers, s => Assert.True(s.Text.Contains("Vantage__Edge__MetricsPort", StringComparison.Ordinal),
            $"{s.Path} starts an edge without choosing its metrics port"));
    }

    [Fact]
    public void A_default_port_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => EdgeTestSettings.InProcess(new Dictionary<string, string?> { [EdgeTestSettings.MetricsPortKey] = "9153" }));
        var env = new Dictionary<string, string>();
        EdgeTestSettings.ForProcess("EdgeDns", env);
        Assert.NotEqual("9153", env["Vantage__Edge__MetricsPort"]);
    }

    [GeneratedRegex(@"\.(AddVantageEdge|AddEdgeDnsServer|AddEdgeTelemetry)\(")]
    private static partial Regex EdgeHost();
}
