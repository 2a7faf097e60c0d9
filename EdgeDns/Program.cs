// Placeholder edge host until the EdgeDns work lands.
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
using var host = builder.Build();
await host.RunAsync();
