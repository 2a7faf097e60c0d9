using Microsoft.Extensions.Hosting;
using Vantage.EdgeDns;

var builder = Host.CreateApplicationBuilder(args);
builder.AddVantageEdge();
using var host = builder.Build();
await host.RunAsync();
