using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Vantage.Grains.Monitoring;
using Vantage.Grains.Monitoring.Probes;
using Vantage.Monitoring;

namespace Vantage.Tests.Grains;

/// <summary>Probes with real sockets against loopback servers the tests open and close, and the address policy.</summary>
public sealed class ProbeTests
{
    private static ProbeRunner Runner(bool allowLoopback = true, bool allowPrivate = false) =>
        new(new AddressGuard(Options.Create(new MonitoringOptions { AllowLoopback = allowLoopback, AllowPrivate = allowPrivate })), TimeProvider.System);

    private static MonitorJob Job(string type, string config, params MonitorRule[] rules) =>
        new() { Id = "j", Name = "probe", JobType = type, Regions = ["lga"], ConfigJson = config, Rules = [.. rules] };

    [Fact]
    public async Task Tcp_is_up_while_the_listener_is_open_and_down_once_it_is_closed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var job = Job("tcp", $$"""{"host":"127.0.0.1","port":{{port}},"connect_timeout":500}""");

        var open = await Runner().Run(job, CancellationToken.None);
        Assert.Null(open.Error);
        Assert.True(MonitorRules.IsUp(job, open));
        Assert.InRange(open.Connect!.Value, 0, 500);

        listener.Stop();
        var closed = await Runner().Run(job, CancellationToken.None);
        Assert.NotNull(closed.Error);
        Assert.False(MonitorRules.IsUp(job, closed));
    }

    [Fact]
    public async Task Tcp_sends_its_text_and_an_output_rule_checks_the_reply()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer);
            var reply = Encoding.ASCII.GetString(buffer, 0, read) == "PING\n" ? "+PONG\n" : "-ERR\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(reply));
        });
        var job = Job("tcp", $$"""{"host":"127.0.0.1","port":{{port}},"send":"PING\\n","response_timeout":2000}""",
            new MonitorRule { Key = "output", Comparison = "contains", Value = "PONG" });

        var result = await Runner().Run(job, CancellationToken.None);
        await server;
        Assert.Equal("+PONG\n", result.Output);
        Assert.True(MonitorRules.IsUp(job, result));
    }

    [Fact]
    public async Task An_http_rule_on_status_code_follows_the_servers_answer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var job = Job("http", $$"""{"url":"http://127.0.0.1:{{port}}/health","virtual_host":"www.example.test"}""",
            new MonitorRule { Key = "status_code", Comparison = "==", Value = "200" });
        string? host = null;

        async Task<ProbeResult> Check(int status)
        {
            var server = Task.Run(async () =>
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[1024];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0) break;
                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                host = request.ToString().Split("\r\n").FirstOrDefault(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase));
                var body = status == 200 ? "ok" : "unavailable";
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"));
            });
            var result = await Runner().Run(job, CancellationToken.None);
            await server;
            return result;
        }

        var failing = await Check(503);
        Assert.Equal((503, "unavailable"), (failing.StatusCode, failing.Output));
        Assert.False(MonitorRules.IsUp(job, failing));
        var healthy = await Check(200);
        Assert.Equal(200, healthy.StatusCode);
        Assert.True(MonitorRules.IsUp(job, healthy));
        Assert.Equal("Host: www.example.test", host);
    }

    [Fact]
    public async Task Dns_asks_the_server_and_counts_the_answers()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        var responder = Task.Run(async () =>
        {
            var query = await server.ReceiveAsync();
            await server.SendAsync(AnswerA(query.Buffer, [192, 0, 2, 7]), query.RemoteEndPoint);
        });
        var job = Job("dns", $$"""{"host":"127.0.0.1","port":{{port}},"domain":"www.example.test","type":"A"}""",
            new MonitorRule { Key = "num_records", Comparison = "==", Value = "1" },
            new MonitorRule { Key = "rdata", Comparison = "contains", Value = "192.0.2.7" });

        var result = await Runner().Run(job, CancellationToken.None);
        await responder;
        Assert.Null(result.Error);
        Assert.Equal(1, result.NumRecords);
        Assert.True(MonitorRules.IsUp(job, result), result.Rdata);
    }

    [Theory]
    [InlineData("127.0.0.1", false, false, "loopback")]
    [InlineData("10.1.2.3", true, false, "private")]
    [InlineData("169.254.169.254", true, false, "private")]
    [InlineData("192.168.0.1", true, false, "private")]
    [InlineData("fd00::1", true, false, "private")]
    [InlineData("::ffff:127.0.0.1", false, false, "loopback")]
    public async Task The_production_policy_refuses_inner_addresses_before_connecting(string address, bool allowLoopback, bool allowPrivate, string kind)
    {
        var job = Job("tcp", $$"""{"host":"{{address}}","port":80}""");
        var result = await Runner(allowLoopback, allowPrivate).Run(job, CancellationToken.None);
        Assert.Contains($"is {kind}", result.Error);
        Assert.Contains("refused", result.Error);
    }

    [Fact]
    public async Task Names_are_checked_after_resolution_and_configuration_can_allow_inner_addresses()
    {
        var strict = new AddressGuard(Options.Create(new MonitoringOptions { AllowLoopback = false }));
        var error = await Assert.ThrowsAsync<ProbeException>(() => strict.Resolve("localhost", CancellationToken.None));
        Assert.Contains("loopback; refused", error.Message);
        var open = new AddressGuard(Options.Create(new MonitoringOptions { AllowLoopback = true, AllowPrivate = true }));
        Assert.Null(open.Refusal(IPAddress.Parse("10.0.0.1")));
        Assert.Null(open.Refusal(IPAddress.Loopback));
        Assert.Null(strict.Refusal(IPAddress.Parse("192.0.2.1")));
    }

    [Fact]
    public async Task Ping_either_measures_loopback_or_says_icmp_is_not_permitted()
    {
        var result = await Runner().Run(Job("ping", """{"host":"127.0.0.1","count":2,"timeout":1000}"""), CancellationToken.None);
        if (result.Error is { } error) Assert.Contains("ICMP echo is not permitted", error);
        else Assert.Equal(0, result.Loss);
    }

    /// <summary>The query echoed as a response with one A record (name by compression pointer to the question).</summary>
    private static byte[] AnswerA(byte[] query, byte[] address)
    {
        var response = new byte[query.Length + 16];
        query.CopyTo(response, 0);
        response[2] = 0x84; // QR + AA
        response[3] = 0x00;
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(6), 1);
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(10), 0); // drop the OPT record count; the answer follows the question
        var end = 12;
        while (query[end] != 0) end += query[end] + 1;
        end += 5;
        var answer = response.AsSpan(end);
        BinaryPrimitives.WriteUInt16BigEndian(answer, 0xC00C);
        BinaryPrimitives.WriteUInt16BigEndian(answer[2..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(answer[4..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(answer[6..], 60);
        BinaryPrimitives.WriteUInt16BigEndian(answer[10..], 4);
        address.CopyTo(answer[12..]);
        return response[..(end + 16)];
    }
}
