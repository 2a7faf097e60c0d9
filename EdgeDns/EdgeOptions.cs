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

    /// <summary>A TCP connection with no complete query for this long is closed (RFC 7766 §6.2.3).</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Concurrent TCP connections; further ones are closed at once.</summary>
    [Range(1, 1_000_000)]
    public int MaxTcpConnections { get; set; } = 512;

    /// <summary>How often the edge compares its zone versions with the cluster's and catches up.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of calls to the cluster (never on the query path).</summary>
    public TimeSpan ClusterResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;
}
