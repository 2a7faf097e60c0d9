using System.ComponentModel.DataAnnotations;

namespace Vantage.EdgeDns;

/// <summary>Settings of the edge DNS server, bound from <c>Vantage:Edge</c>.</summary>
public sealed class EdgeOptions
{
    public const string Section = "Vantage:Edge";

    /// <summary>IP address to serve DNS on (UDP and TCP).</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Port for UDP and TCP; 0 picks a free one (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 8053;

    /// <summary>UDP receive loops (one socket each, SO_REUSEPORT); 0 means one per processor.</summary>
    [Range(0, 1024)]
    public int Workers { get; set; }

    /// <summary>On 64-bit Linux, move UDP datagrams in batches with recvmmsg/sendmmsg (false: one system call each).</summary>
    public bool UdpBatching { get; set; } = true;

    /// <summary>On Linux, pin each UDP worker thread to a core and mark its socket with SO_INCOMING_CPU for that core.</summary>
    public bool PinWorkers { get; set; } = true;

    /// <summary>A TCP connection with no complete query for this long is closed (RFC 7766 §6.2.3).</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A query must arrive whole within this long of its first byte (slow clients cannot hold a connection).</summary>
    public TimeSpan TcpQueryTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Concurrent TCP connections. When the table is nearly full the connections idle longest are closed first; a
    /// connection is refused only when every slot is busy with a query in progress.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxTcpConnections { get; set; } = 512;

    /// <summary>NSID (RFC 5001) sent to queries that ask, and the answer to <c>id.server</c>/<c>hostname.bind</c> CH TXT; empty: off.</summary>
    [StringLength(Defense.QueryPolicy.MaxNsidLength)]
    public string? Nsid { get; set; }

    /// <summary>Response rate limiting of UDP answers (<c>Vantage:Edge:RateLimit</c>).</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>DNS Cookies (<c>Vantage:Edge:Cookies</c>).</summary>
    public CookieOptions Cookies { get; set; } = new();

    /// <summary>How often the edge compares its zone versions with the cluster's and catches up.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of calls to the cluster (never on the query path).</summary>
    public TimeSpan ClusterResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Stable id of this edge in reports and in its snapshot folder; default: host name + port.</summary>
    public string? Id { get; set; }

    /// <summary>Where the edge keeps its zone snapshots; default: <c>&lt;VANTAGE_DATA or ./data&gt;/edge-snapshots/&lt;edge id&gt;</c>.</summary>
    public string? SnapshotFolder { get; set; }

    /// <summary>A zone's snapshot file is rewritten at most this often (rapid changes are coalesced).</summary>
    public TimeSpan SnapshotWriteDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the edge reports the versions it serves to the cluster's edge registry.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the edge sends its query counts to the zones' stats grains.</summary>
    public TimeSpan StatsFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Counts queries per zone and record for <c>/v1/stats</c>; off only to measure what counting costs.</summary>
    public bool CountQueries { get; set; } = true;

    /// <summary>Port of the Prometheus scrape endpoint <c>/metrics</c> (on <see cref="Address"/>); 0 turns it off.</summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; } = 9153;

    /// <summary>The edge id: <see cref="Id"/>, else the lower-case host name and the port.</summary>
    public string EffectiveId => string.IsNullOrWhiteSpace(Id)
        ? $"{Environment.MachineName.ToLowerInvariant()}-{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
        : Id;

    /// <summary>The snapshot folder: <see cref="SnapshotFolder"/>, else under the data folder, per edge id.</summary>
    public string EffectiveSnapshotFolder
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(SnapshotFolder)) return SnapshotFolder;
            var data = Environment.GetEnvironmentVariable("VANTAGE_DATA");
            if (string.IsNullOrWhiteSpace(data)) data = "data";
            var id = string.Concat(EffectiveId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
            return Path.GetFullPath(Path.Combine(data, "edge-snapshots", id));
        }
    }

    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;
}

/// <summary>Response rate limiting (<c>Vantage:Edge:RateLimit</c>), as BIND's and NSD's RRL.</summary>
public sealed class RateLimitOptions
{
    /// <summary>
    /// UDP responses per second per client network (/24, /56) and answer (name, type, rcode); 0 is off. Unset: off in
    /// the development profile, 100 in the production profile (<c>Vantage:Cluster:Mode=AdoNet</c>).
    /// </summary>
    [Range(0, 1_000_000)]
    public int? ResponsesPerSecond { get; set; }

    /// <summary>Every Slip-th limited query gets an empty TC=1 reply (BADCOOKIE when it carried a cookie); 0: never.</summary>
    [Range(0, 100)]
    public int Slip { get; set; } = 2;

    /// <summary>Slots of the fixed-size bucket table (memory stays this size whatever the sources).</summary>
    [Range(512, 1 << 24)]
    public int TableSize { get; set; } = 1 << 18;
}

/// <summary>DNS Cookies (RFC 7873, RFC 9018 server cookies).</summary>
public sealed class CookieOptions
{
    /// <summary>32 hex digits shared by every edge, so any edge accepts another's cookie; empty: a random secret per process.</summary>
    public string? Secret { get; set; }
}
