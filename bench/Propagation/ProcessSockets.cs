using System.Globalization;
using System.Net;

namespace Vantage.Bench.Propagation;

/// <summary>
/// Linux only: tells whether a loopback TCP connection accepted by the proxy was opened by a given process, by finding
/// the client socket's inode in <c>/proc/net/tcp</c> and looking for it among <c>/proc/&lt;pid&gt;/fd</c>.
/// </summary>
public static class ProcessSockets
{
    /// <summary>True when the socket whose local end is <paramref name="client"/> and remote end is <paramref name="server"/> belongs to <paramref name="pid"/>.</summary>
    public static bool Owns(int pid, IPEndPoint client, IPEndPoint server)
    {
        var inode = InodeOf(client, server);
        if (inode is null) return false;
        var wanted = $"socket:[{inode}]";
        try
        {
            foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget == wanted) return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process is gone or fds changed under us.
        }
        return false;
    }

    /// <summary>Reads the PID from a file (written by the script that starts the edge); null when not there yet.</summary>
    public static int? ReadPid(string path) =>
        File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    private static string? InodeOf(IPEndPoint local, IPEndPoint remote)
    {
        var localHex = Hex(local);
        var remoteHex = Hex(remote);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length > 9 && f[1] == localHex && f[2] == remoteHex) return f[9];
        }
        return null;
    }

    /// <summary>IPv4 as /proc/net/tcp prints it: the address as a little-endian 32-bit hex number, then the port.</summary>
    private static string Hex(IPEndPoint endpoint)
    {
        var bytes = endpoint.Address.MapToIPv4().GetAddressBytes();
        return string.Create(CultureInfo.InvariantCulture, $"{bytes[3]:X2}{bytes[2]:X2}{bytes[1]:X2}{bytes[0]:X2}:{endpoint.Port:X4}");
    }
}
