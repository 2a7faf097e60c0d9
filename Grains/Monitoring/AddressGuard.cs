using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Vantage.Grains.Monitoring;

/// <summary>
/// Resolves a probe's or webhook's host and keeps only addresses the configuration allows. Probes then connect to the
/// checked address itself, so a name that resolves differently the second time (DNS rebinding) cannot slip through.
/// </summary>
public sealed class AddressGuard(IOptions<MonitoringOptions> options)
{
    private readonly MonitoringOptions _options = options.Value;

    public async Task<IPAddress[]> Resolve(string host, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (addresses.Length == 0) throw new ProbeException($"{host} has no address");
        var allowed = addresses.Where(a => Refusal(a) is null).ToArray();
        if (allowed.Length == 0) throw new ProbeException($"{host}: {Refusal(addresses[0])}");
        return allowed;
    }

    /// <summary>Why <paramref name="address"/> may not be reached, or null when it may.</summary>
    public string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address))
            return _options.AllowLoopback == true ? null : $"address {address} is loopback; refused (allow with {MonitoringOptions.Section}:AllowLoopback)";
        if (_options.AllowPrivate) return null;
        return IsPrivate(address) ? $"address {address} is private, link-local or a metadata address; refused (allow with {MonitoringOptions.Section}:AllowPrivate)" : null;
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b6 = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || (b6[0] & 0xfe) == 0xfc || address.Equals(IPAddress.IPv6Any)
                || address.IsIPv6Multicast;
        }
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 => true,
            100 => b[1] is >= 64 and <= 127,
            169 => b[1] == 254,
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
            198 => b[1] is 18 or 19,
            >= 224 => true,
            _ => false,
        };
    }
}

/// <summary>A check that could not be completed; the message becomes the result's error.</summary>
public sealed class ProbeException(string message) : Exception(message);
