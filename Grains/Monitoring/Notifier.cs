using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vantage.Monitoring;

namespace Vantage.Grains.Monitoring;

/// <summary>What a notify list receives when a job's global status changes.</summary>
public sealed record MonitorEvent(string JobId, string JobName, string JobType, string Region, string Status, DateTimeOffset Since,
    ImmutableDictionary<string, StatusPoint> Regions);

/// <summary>
/// Delivers job events to a notify list's webhook and slack entries in the background: an HTTP POST of the event as
/// JSON, retried with doubling back-off; addresses go through <see cref="AddressGuard"/>. datafeed entries are served
/// by the job grain itself; email, user and pagerduty are stored only.
/// </summary>
public sealed partial class Notifier(AddressGuard guard, IOptions<MonitoringOptions> options, TimeProvider time, ILogger<Notifier> logger)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await guard.Resolve(context.DnsEndPoint.Host, ct);
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { Timeout = TimeSpan.FromSeconds(10) };

    private long _delivered;

    /// <summary>Events delivered since start.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    public void Send(NotifyList list, MonitorEvent evt, TimeSpan delay)
    {
        foreach (var target in list.Targets.Where(t => t.Type is "webhook" or "slack"))
        {
            _ = Task.Run(() => Deliver(target, evt, delay));
        }
    }

    public static string Body(MonitorEvent evt) => JsonSerializer.Serialize(new
    {
        job = new { id = evt.JobId, name = evt.JobName, job_type = evt.JobType },
        region = evt.Region,
        status = evt.Status,
        since = evt.Since.ToUnixTimeSeconds(),
        regions = evt.Regions.ToDictionary(kv => kv.Key, kv => new { status = kv.Value.Status, since = kv.Value.Since.ToUnixTimeSeconds() }),
        text = $"{evt.JobName} is {evt.Status}",
    });

    private async Task Deliver(NotifyTarget target, MonitorEvent evt, TimeSpan delay)
    {
        using var config = JsonDocument.Parse(target.ConfigJson);
        var url = config.RootElement.GetProperty("url").GetString()!;
        if (delay > TimeSpan.Zero) await Task.Delay(delay, time);
        var backoff = options.Value.WebhookBackoff;
        for (var attempt = 1; attempt <= options.Value.WebhookAttempts; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Body(evt), System.Text.Encoding.UTF8, "application/json") };
                if (config.RootElement.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
                {
                    foreach (var h in headers.EnumerateObject()) request.Headers.TryAddWithoutValidation(h.Name, h.Value.ToString());
                }
                using var response = await _http.SendAsync(request);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _delivered);
                    return;
                }
                LogAttemptFailed(url, attempt, $"HTTP {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ProbeException)
            {
                LogAttemptFailed(url, attempt, ex.Message);
            }
            await Task.Delay(backoff, time);
            backoff *= 2;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Url}: attempt {Attempt} failed: {Reason}")]
    private partial void LogAttemptFailed(string url, int attempt, string reason);
}
