namespace Vantage.EdgeDns.Cluster;

public enum ConnectionChange
{
    /// <summary>The client lost every gateway: the cluster is unreachable.</summary>
    Lost,
    /// <summary>The number of connected gateways changed (a silo left or joined) but the cluster stayed reachable.</summary>
    GatewaysChanged,
    /// <summary>The client is connected again after having lost the cluster.</summary>
    Recovered,
}

/// <summary>
/// The Orleans client's connection callbacks, as events the edge acts on. Orleans raises nothing when a stream
/// subscription is lost, only these; the sync service resubscribes and reconciles on every one of them.
/// Registered as an <see cref="IClusterConnectionStatusObserver"/> in the client's container.
/// </summary>
public sealed class ClusterConnectionMonitor : IClusterConnectionStatusObserver
{
    private int gateways = -1;

    /// <summary>Raised on the client's thread: handlers must only take note and return.</summary>
    public event Action<ConnectionChange>? Changed;

    /// <summary>Connected gateways as last reported; -1 before the first report.</summary>
    public int ConnectedGateways => Volatile.Read(ref gateways);

    public void NotifyClusterConnectionLost()
    {
        Volatile.Write(ref gateways, 0);
        Changed?.Invoke(ConnectionChange.Lost);
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        Volatile.Write(ref gateways, currentNumberOfGateways);
        var change = currentNumberOfGateways == 0 ? ConnectionChange.Lost
            : connectionRecovered || previousNumberOfGateways == 0 ? ConnectionChange.Recovered
            : ConnectionChange.GatewaysChanged;
        Changed?.Invoke(change);
    }
}
