using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using DnsClient;
using Vantage.Monitoring;

namespace Vantage.Grains.Monitoring.Probes;

/// <summary>
/// Runs one check of a job with real sockets: TCP connect (+ optional TLS, send and read), HTTP(S) through
/// <see cref="SocketsHttpHandler"/>, DNS through DnsClient, ICMP echo through <see cref="Ping"/>. Every address is
/// vetted by <see cref="AddressGuard"/> and connected to directly. Never throws: failures are results with an error.
/// </summary>
public sealed class ProbeRunner(AddressGuard guard, TimeProvider time)
{
    public const int MaxOutput = 4096;

    public async Task<ProbeResult> Run(MonitorJob job, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        try
        {
            using var doc = JsonDocument.Parse(job.ConfigJson);
            var config = doc.RootElement;
            var result = job.JobType switch
            {
                "tcp" => await Tcp(config, ct),
                "http" => await Http(config, ct),
                "dns" => await DnsQuery(config, ct),
                "ping" => await PingHost(config, ct),
                _ => new ProbeResult { Error = $"job type {job.JobType} cannot be run" },
            };
            return result with { At = started };
        }
        catch (Exception ex) when (ex is ProbeException or SocketException or IOException or OperationCanceledException
            or HttpRequestException or DnsResponseException or AuthenticationException or PingException or InvalidOperationException)
        {
            return new ProbeResult { At = started, Error = ex is OperationCanceledException ? "timed out" : ex.Message };
        }
    }

    private async Task<ProbeResult> Tcp(JsonElement config, CancellationToken ct)
    {
        var host = config.GetProperty("host").GetString()!;
        var port = (int)MonitorValidation.JsonInt(config.GetProperty("port"))!;
        var connectTimeout = Millis(config, "connect_timeout", 2000);
        var responseTimeout = Millis(config, "response_timeout", 1000);
        var addresses = await guard.Resolve(host, ct);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var clock = Stopwatch.StartNew();
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            connect.CancelAfter(connectTimeout);
            try
            {
                await socket.ConnectAsync(addresses, port, connect.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new ProbeException($"connect to {host}:{port} timed out after {connectTimeout.TotalMilliseconds:0} ms");
            }
        }
        var connectMs = clock.Elapsed.TotalMilliseconds;
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        await using var _ = stream;
        using var io = CancellationTokenSource.CreateLinkedTokenSource(ct);
        io.CancelAfter(responseTimeout);
        if (Bool(config, "ssl"))
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, io.Token);
            stream = tls;
        }
        string? output = null;
        if (config.TryGetProperty("send", out var send) && send.GetString() is { Length: > 0 } text)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text.Replace("\\n", "\n", StringComparison.Ordinal)), io.Token);
            output = await ReadSome(stream, io.Token);
        }
        return new ProbeResult { Connect = connectMs, Rtt = clock.Elapsed.TotalMilliseconds, Output = output };
    }

    private static async Task<string> ReadSome(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxOutput];
        var total = 0;
        try
        {
            while (total < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(total), ct);
                if (read == 0) break;
                total += read;
                if (total > 0 && !ct.IsCancellationRequested) break;
            }
        }
        catch (OperationCanceledException) when (total > 0)
        {
        }
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private async Task<ProbeResult> Http(JsonElement config, CancellationToken ct)
    {
        var url = new Uri(config.GetProperty("url").GetString()!);
        var connectTimeout = TimeSpan.FromSeconds(Math.Max(1, Int(config, "connect_timeout") ?? 2));
        var idleTimeout = TimeSpan.FromSeconds(Math.Max(1, Int(config, "idle_timeout") ?? 3));
        double connectMs = 0;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = Bool(config, "follow_redirect"),
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, token) =>
            {
                var addresses = await guard.Resolve(context.DnsEndPoint.Host, token);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                var clock = Stopwatch.StartNew();
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, token);
                    connectMs = clock.Elapsed.TotalMilliseconds;
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (Bool(config, "tls_skip_verify")) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var client = new HttpClient(handler) { Timeout = connectTimeout + idleTimeout };
        var method = Field(config, "method")?.GetString() ?? "GET";
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (Field(config, "virtual_host")?.GetString() is { } vhost) request.Headers.Host = vhost;
        if (Field(config, "user_agent")?.GetString() is { } agent) request.Headers.TryAddWithoutValidation("User-Agent", agent);
        if (Field(config, "authorization")?.GetString() is { } auth) request.Headers.TryAddWithoutValidation("Authorization", auth);
        var started = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var rtt = started.Elapsed.TotalMilliseconds;
        string? body = null;
        if (method != "HEAD")
        {
            await using var content = await response.Content.ReadAsStreamAsync(ct);
            using var read = CancellationTokenSource.CreateLinkedTokenSource(ct);
            read.CancelAfter(idleTimeout);
            body = await ReadAll(content, read.Token);
        }
        return new ProbeResult { StatusCode = (int)response.StatusCode, Rtt = rtt, Connect = connectMs, Output = body };
    }

    private static async Task<string> ReadAll(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxOutput];
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), ct);
            if (read == 0) break;
            total += read;
        }
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private async Task<ProbeResult> DnsQuery(JsonElement config, CancellationToken ct)
    {
        var host = config.GetProperty("host").GetString()!;
        var port = (int)(Int(config, "port") ?? 53);
        var domain = config.GetProperty("domain").GetString()!;
        var typeName = Field(config, "type")?.GetString() ?? "A";
        if (!Enum.TryParse<QueryType>(typeName, ignoreCase: true, out var type)) throw new ProbeException($"type {typeName} cannot be asked");
        var timeout = Millis(config, "response_timeout", 2000);
        var addresses = await guard.Resolve(host, ct);
        var client = new LookupClient(new LookupClientOptions(new NameServer(addresses[0], port))
        {
            UseCache = false, Retries = 0, Timeout = timeout, ThrowDnsErrors = false, ContinueOnDnsError = false, UseTcpFallback = true,
        });
        var clock = Stopwatch.StartNew();
        var response = await client.QueryAsync(domain, type, QueryClass.IN, ct);
        var rtt = clock.Elapsed.TotalMilliseconds;
        if (response.HasError) throw new ProbeException($"{domain} {typeName}: {response.ErrorMessage}");
        var rdata = string.Join('\n', response.Answers.Select(a => a.ToString()!.Split(' ', 5, StringSplitOptions.RemoveEmptyEntries).LastOrDefault()));
        return new ProbeResult { Rtt = rtt, NumRecords = response.Answers.Count, Rdata = rdata };
    }

    private async Task<ProbeResult> PingHost(JsonElement config, CancellationToken ct)
    {
        var host = config.GetProperty("host").GetString()!;
        var count = (int)(Int(config, "count") ?? 4);
        var interval = Millis(config, "interval", 0);
        var timeout = Millis(config, "timeout", 2000);
        var addresses = await guard.Resolve(host, ct);
        using var ping = new Ping();
        var replies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && interval > TimeSpan.Zero) await Task.Delay(interval, time, ct);
            PingReply reply;
            try
            {
                reply = await ping.SendPingAsync(addresses[0], timeout, null, null, ct);
            }
            catch (PingException ex) when (ex.InnerException is SocketException or UnauthorizedAccessException)
            {
                throw new ProbeException($"ICMP echo is not permitted for this process here (raw sockets or ping sockets are refused): {ex.InnerException!.Message}");
            }
            if (reply.Status == IPStatus.Success) replies.Add(reply.RoundtripTime);
        }
        var loss = 100.0 * (count - replies.Count) / count;
        if (replies.Count == 0) return new ProbeResult { Loss = loss, Error = $"no echo reply from {host}" };
        return new ProbeResult { Loss = loss, Rtt = replies.Average() };
    }

    private static JsonElement? Field(JsonElement config, string name) =>
        config.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static long? Int(JsonElement config, string name) =>
        Field(config, name) is { } value ? MonitorValidation.JsonInt(value) : null;

    private static bool Bool(JsonElement config, string name) => Field(config, name)?.ValueKind == JsonValueKind.True;

    private static TimeSpan Millis(JsonElement config, string name, int fallback) =>
        TimeSpan.FromMilliseconds(Math.Max(1, Int(config, name) ?? fallback));
}
