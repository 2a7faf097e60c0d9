namespace Vantage.Api.Hosting;

/// <summary>
/// Whether the Orleans client has connected. Hosted services start concurrently, so the API already serves while
/// the client is still trying to reach the cluster; grain calls cannot even be addressed until it has (the cluster
/// manifest is unknown), so /v1 answers 503 and /health "unavailable" until then. The host calls
/// <see cref="StartedAsync"/> only after every hosted service, the Orleans client included, has started, which for
/// the client means it has connected.
/// </summary>
public sealed class ClusterReadiness : IHostedLifecycleService
{
    public const string NotConnectedMessage = "cluster unavailable: not connected yet";

    private volatile bool _connected;

    public bool Connected => _connected;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _connected = true;
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
