using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vantage.Grains.Monitoring;
using Vantage.Monitoring;

namespace Vantage.Tests.Grains;

/// <summary>Webhook delivery against a loopback HTTP server the test runs: retried with back-off until it succeeds.</summary>
public sealed class NotifierTests
{
    [Fact]
    public async Task A_webhook_is_posted_again_after_a_failure_and_carries_the_event()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var bodies = new List<string>();
        var server = Task.Run(async () =>
        {
            foreach (var status in new[] { 500, 200 })
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var text = new StringBuilder();
                var buffer = new byte[4096];
                while (true)
                {
                    var all = text.ToString();
                    var split = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (split >= 0)
                    {
                        var length = int.Parse(all.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))[15..].Trim(),
                            System.Globalization.CultureInfo.InvariantCulture);
                        if (all.Length - split - 4 >= length) { bodies.Add(all[(split + 4)..]); break; }
                    }
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0) break;
                    text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            }
        });
        var options = Options.Create(new MonitoringOptions { AllowLoopback = true, WebhookBackoff = TimeSpan.FromMilliseconds(20) });
        var notifier = new Notifier(new AddressGuard(options), options, TimeProvider.System, NullLogger<Notifier>.Instance);
        var list = new NotifyList
        {
            Id = "l", Name = "hooks",
            Targets = [new NotifyTarget { Type = "webhook", ConfigJson = $$"""{"url":"http://127.0.0.1:{{port}}/hook"}""" }, new NotifyTarget { Type = "email", ConfigJson = """{"email":"ops@example.test"}""" }],
        };

        notifier.Send(list, new MonitorEvent("job1", "web", "tcp", "lga", "down", DateTimeOffset.UnixEpoch, ImmutableDictionary<string, StatusPoint>.Empty), TimeSpan.Zero);

        await Poll.Require(() => notifier.Delivered == 1, TimeSpan.FromSeconds(10), () => $"delivered {notifier.Delivered}, bodies {bodies.Count}");
        await server;
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Contains("\"status\":\"down\"", bodies[1]);
        Assert.Contains("\"id\":\"job1\"", bodies[1]);
    }
}
