using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Vantage.Tests.Api;

namespace Vantage.Tests.EndToEnd;

/// <summary>
/// <c>./run.sh --no-build</c> itself, on a temporary data folder and free loopback ports (given as settings in the
/// environment): after <c>kill -9</c> of the silo the edge keeps answering from memory, run.sh restarts the silo on the
/// same store and logs the exit status, the API and the edge reconnect and a write made afterwards reaches the edge;
/// SIGTERM then stops every role.
/// </summary>
public sealed partial class RunScriptSupervisorTests : IAsyncDisposable
{
    private const string ApiKey = "supervisor-test-key-0123456789";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "vantage-runsh-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _httpPort = Ports.Free();
    private readonly int _dnsPort = Ports.Free();
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _supervisor = new();   // run.sh's own lines, all kept
    private readonly ConcurrentDictionary<string, int> _pids = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };
    private Process? _runSh;

    [Fact]
    public async Task Killing_the_silo_under_run_sh_leaves_the_edge_answering_and_the_silo_comes_back()
    {
        Start();
        await Poll.Require(async () => (await _http.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(120), Log);
        var zone = ApiCalls.NewZone("runsh");
        var name = "www." + zone;
        Assert.Equal(HttpStatusCode.OK, (await _http.SendJson(HttpMethod.Put, $"/v1/zones/{zone}", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendJson(HttpMethod.Put, $"/v1/zones/{zone}/{name}/A", """{"answers":[{"answer":["192.0.2.1"]}]}""")).StatusCode);
        await Poll.Require(async () => (await Dig.Query(_dnsPort, name, "A", "+short")).Output.Trim() == "192.0.2.1", TimeSpan.FromSeconds(30), Log);
        var roles = new[] { "silo", "api", "edge" }.ToDictionary(r => r, Pid);

        using (var silo = Process.GetProcessById(roles["silo"])) silo.Kill();   // SIGKILL, like kill -9

        // The edge answers from memory while the silo is away (and the other roles keep running).
        await Poll.Require(() => Logged("run.sh: silo exited (status 137)"), TimeSpan.FromSeconds(10), Log);
        var answered = 0;
        for (var i = 0; i < 10; i++)
            if ((await Dig.Query(_dnsPort, name, "A", "+short")).Output.Trim() == "192.0.2.1") answered++;
        Assert.Equal(10, answered);
        Assert.True(Alive(roles["api"]) && Alive(roles["edge"]), "a client role stopped with the silo:\n" + Log());

        // run.sh restarts the silo on the same store; the API reconnects and a new write reaches the edge.
        await Poll.Require(() => Logged("run.sh: restarted silo"), TimeSpan.FromSeconds(15), Log);
        await Poll.Require(async () => (await _http.SendJson(HttpMethod.Post, $"/v1/zones/{zone}/{name}/A",
            """{"answers":[{"answer":["192.0.2.2"]}]}""")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(90), Log);
        var zoneRead = await _http.SendJson(HttpMethod.Get, $"/v1/zones/{zone}");
        Assert.Equal(HttpStatusCode.OK, zoneRead.StatusCode);
        await Poll.Require(async () => (await Dig.Query(_dnsPort, name, "A", "+short")).Output.Trim() == "192.0.2.2", TimeSpan.FromSeconds(60), Log);
        Assert.Equal(roles["api"], Pid("api"));   // the clients were never restarted
        Assert.Equal(roles["edge"], Pid("edge"));

        // SIGTERM stops everything.
        var restartedSilo = Pid("silo");
        using (var term = Process.Start("kill", ["-TERM", _runSh!.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
        await Poll.Require(() => _runSh.HasExited, TimeSpan.FromSeconds(60), Log);
        // run.sh's last line may still be on its way through the output pipe when the process is seen to exit.
        await Poll.Require(() => Logged("run.sh: stopped."), TimeSpan.FromSeconds(10), Log);
        Assert.False(Alive(restartedSilo) || Alive(roles["api"]) || Alive(roles["edge"]), "a role outlived run.sh:\n" + Log());
    }

    private void Start()
    {
        Directory.CreateDirectory(_data);
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}");
        _http.DefaultRequestHeaders.Add("X-NSONE-Key", ApiKey);
        var info = new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "run.sh"), "--no-build"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        var settings = new Dictionary<string, string>
        {
            ["VANTAGE_DATA"] = _data,
            ["VANTAGE_API_KEY"] = ApiKey,
            ["VANTAGE_GEO"] = Geo.GeoData.Folder,
            ["VANTAGE_CONFIGURATION"] = VantageProcess.BuildConfiguration,
            ["Vantage__Cluster__ClusterId"] = "runsh-" + Guid.NewGuid().ToString("N")[..8],
            ["Vantage__Cluster__SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Vantage__Cluster__GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Vantage__Dashboard__Port"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Vantage__Api__HttpPort"] = _httpPort.ToString(CultureInfo.InvariantCulture),
            ["Vantage__Api__HttpsPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Vantage__Edge__Port"] = _dnsPort.ToString(CultureInfo.InvariantCulture),
            ["Vantage__Edge__Workers"] = "1",
            ["Vantage__Edge__MetricsPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Vantage__Edge__ReconcileInterval"] = "00:00:03",
        };
        foreach (var (key, value) in settings) info.Environment[key] = value;
        _runSh = new Process { StartInfo = info };
        _runSh.OutputDataReceived += (_, e) => Keep(e.Data);
        _runSh.ErrorDataReceived += (_, e) => Keep(e.Data);
        _runSh.Start();
        _runSh.BeginOutputReadLine();
        _runSh.BeginErrorReadLine();
    }

    /// <summary>The latest pid run.sh logged for <paramref name="role"/> ("started NAME (pid N)" or "restarted NAME (pid N)").</summary>
    private int Pid(string role) => _pids.GetValueOrDefault(role);

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private bool Logged(string text) => _supervisor.Any(line => line.StartsWith(text, StringComparison.Ordinal));

    private string Log() => string.Join('\n', _supervisor) + "\n--- last output:\n" + string.Join('\n', _output.TakeLast(120));

    private void Keep(string? line)
    {
        if (line is null) return;
        if (StartedLine().Match(line) is { Success: true } started)
            _pids[started.Groups["name"].Value] = int.Parse(started.Groups["pid"].Value, CultureInfo.InvariantCulture);
        if (line.StartsWith("run.sh:", StringComparison.Ordinal)) _supervisor.Enqueue(line);
        _output.Enqueue(line);
        while (_output.Count > 2000) _output.TryDequeue(out _);
    }

    [GeneratedRegex(@"^run\.sh: (?:re)?started (?<name>\w+) \(pid (?<pid>\d+)\)")]
    private static partial Regex StartedLine();

    public async ValueTask DisposeAsync()
    {
        if (_runSh is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", _runSh.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _runSh.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _runSh.Kill(entireProcessTree: true);
            }
        }
        foreach (var role in new[] { "silo", "api", "edge" })
        {
            if (Pid(role) is > 0 and var pid && Alive(pid))
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
        }
        _runSh?.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean
        }
    }
}
